"""Reads of budgeting data; text similarity and distances stay in PostgreSQL."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import AsGeoJSON, Distance, PointOnSurface, Transform
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from areas.selectors import METRIC_PRECISION, PRECISION, geojson_annotation

from .models import AreaAllocation, BudgetRound, Project, Proposal

# A title at least this similar (pg_trgm, 0..1) counts as "similar".
SIMILARITY_MIN = 0.2
SIMILAR_RADIUS_M = 1000
SIMILAR_LIMIT = 10


def round_list() -> QuerySet[BudgetRound]:
    return BudgetRound.objects.select_related("division")


def allocation_list(*, round: BudgetRound) -> list[AreaAllocation]:
    """The all-Helsinki part first, then the areas by code."""
    rows = list(AreaAllocation.objects.filter(round=round).select_related("area", "area__division"))
    return sorted(rows, key=lambda a: (a.area_id is not None, a.area.code.zfill(10) if a.area else ""))


def _with_geojson(queryset: QuerySet, srid: int) -> QuerySet:
    return queryset.annotate(geojson=geojson_annotation("location", srid))


def proposal_list(*, user, srid: int) -> QuerySet[Proposal]:
    """Every proposal but the withdrawn ones (those only their author sees);
    moderation states and reasons are public, authors are not."""
    queryset = Proposal.objects.select_related("area", "area__division").annotate(
        support_count=Count("supports", distinct=True)
    )
    visible = ~Q(status=Proposal.Status.WITHDRAWN)
    if user.is_authenticated:
        visible |= Q(author=user)
    return _with_geojson(queryset.filter(visible), srid)


def proposal_similar(
    *, round: BudgetRound, text: str, point: Point | None, radius_m: float = SIMILAR_RADIUS_M, srid: int
) -> QuerySet[Proposal]:
    """Open proposals of `round` whose titles resemble `text`, and, given a point,
    that lie within `radius_m` metres of it (or have no point of their own).

    Similarity is pg_trgm's: the better of whole-title and best-word similarity.
    Distances are measured on the EPSG:3067 column, in metres.
    """
    queryset = (
        Proposal.objects.filter(round=round, status__in=(Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED))
        .select_related("area", "area__division")
        .annotate(
            similarity=Greatest(TrigramSimilarity("title", text), TrigramWordSimilarity(text, "title")),
            support_count=Count("supports", distinct=True),
        )
        .filter(similarity__gte=SIMILARITY_MIN)
    )
    if point is not None:
        queryset = queryset.filter(
            Q(location__isnull=True) | Q(location__dwithin=(point, D(m=radius_m)))
        ).annotate(distance=Distance("location", point))
        ordering = ("-similarity", "distance", "id")
    else:
        ordering = ("-similarity", "id")
    return _with_geojson(queryset, srid).order_by(*ordering)[:SIMILAR_LIMIT]


def project_list(*, srid: int) -> QuerySet[Project]:
    return _with_geojson(Project.objects.select_related("area", "area__division"), srid).prefetch_related("proposals")


def project_map_geojson(srid: int) -> AsGeoJSON:
    """The project's point, or a point inside its area when it has none (for a map layer)."""
    where = Coalesce("location", PointOnSurface("area__geometry"), output_field=PointField(srid=settings.PROJECTION_SRID))
    expression = where if srid == settings.PROJECTION_SRID else Transform(where, srid)
    return AsGeoJSON(expression, precision=PRECISION.get(srid, METRIC_PRECISION))


def project_winners(*, ids: list[int], srid: int) -> QuerySet[Project]:
    return (
        Project.objects.filter(pk__in=ids)
        .select_related("area")
        .annotate(geojson=project_map_geojson(srid), votes=Count("choices"))
        .order_by("area__code", "title")
    )
