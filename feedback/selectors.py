"""Reads of feedback. Public reads never touch the exact point.

Every public answer shows `public_point`: the centre of the PUBLIC_GRID_M grid
cell (EPSG:3067) the request lies in, computed by PostGIS (ST_SnapToGrid with
the grid's origin half a cell off, so that the nearest node is the cell's
centre; areas.located.published_geometry). Filters by place run on that same
centre, distances are measured from it, and the area index the `areas`, the
area filters and the counts read is built from it, so no combination of
queries narrows a request down below its cell.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import Area as Surface
from django.contrib.gis.db.models.functions import AsGeoJSON, SnapToGrid, Transform
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from areas.located import published_count, published_geometry
from areas.models import Area, AreaMembership, DivisionType
from areas.selectors import METRIC_PRECISION, PRECISION, area_list
from areas.similar import FOLLOW, READ_ANSWER, SIMILAR_LIMIT, SIMILAR_RADIUS_M, similar_items

from .models import FeedbackFollow, FeedbackPhoto, FeedbackRequest, Service


def public_point_expression() -> SnapToGrid | F:
    """The cell's centre: the same expression the area index of feedback is built from."""
    return published_geometry(FeedbackRequest)


def public_geojson(srid: int) -> AsGeoJSON:
    """The public point (its cell's centre) as GeoJSON in `srid`."""
    expression = public_point_expression()
    if srid != settings.PROJECTION_SRID:
        expression = Transform(expression, srid)
    return AsGeoJSON(expression, precision=PRECISION.get(srid, METRIC_PRECISION))


def service_list(*, active_only: bool = True) -> QuerySet[Service]:
    queryset = Service.objects.select_related("default_sector")
    return queryset.filter(is_active=True) if active_only else queryset


def feedback_public_list(*, srid: int = 4326) -> QuerySet[FeedbackRequest]:
    """Every public request with `public_point` (3067), `public_geojson` in `srid`, its
    service, sector and stadiluotsi; the exact point is deferred and never rendered."""
    return feedback_published_fields(srid=srid).filter(is_public=True)


def feedback_published_fields(*, srid: int = 4326) -> QuerySet[FeedbackRequest]:
    """Every request, private ones too, with only what is published of each
    (feedback_public_list's fields): for a page whose viewer services.user_may_see checks."""
    return (
        FeedbackRequest.objects.select_related("service", "sector", "luotsi", "photo")
        .defer("geometry", "email", "first_name", "last_name", "address_string")
        .annotate(
            public_point=public_point_expression(),
            public_geojson=public_geojson(srid),
        )
        .prefetch_related(
            Prefetch(
                "area_memberships",
                # The areas' boundaries are not shown with a request; real ones are large.
                queryset=AreaMembership.objects.select_related("area", "division")
                .defer("area__geometry")
                .order_by("division__level", "division__slug", "area__code"),
            )
        )
        .order_by("-requested_at", "-id")
    )


def request_photo(request: FeedbackRequest) -> FeedbackPhoto | None:
    """The request's stored photo, or None (a reverse one-to-one raises when there is none)."""
    try:
        return request.photo
    except FeedbackPhoto.DoesNotExist:
        return None


def feedback_near_public(queryset: QuerySet[FeedbackRequest], *, point: Point, radius_m: float) -> QuerySet:
    """Requests whose public point lies within `radius_m` metres of `point` (EPSG:3067)."""
    return queryset.filter(public_point__dwithin=(point, D(m=radius_m)))


def feedback_similar(
    *, text: str, point: Point | None, service: Service | None = None, radius_m: float = SIMILAR_RADIUS_M, srid: int = 4326
) -> list[FeedbackRequest]:
    """Before filing: requests (of `service` when given) that resemble `text`,
    near `point` — measured from their public point, never the exact one; closed
    ones too, each with `similar_action`: follow an open one, read a closed one's answer."""
    # The follow count is a subquery that PostgreSQL evaluates for the ten rows returned
    # only (past the sort and limit), not grouped over every candidate, in the same round trip.
    follows = FeedbackFollow.objects.filter(request=OuterRef("pk")).order_by().values("request").annotate(n=Count("id")).values("n")
    queryset = feedback_public_list(srid=srid).annotate(follow_count=Coalesce(Subquery(follows), 0))
    if service is not None:
        queryset = queryset.filter(service=service)
    found = similar_items(
        queryset, text=text, field="description", point=point, radius_m=radius_m, place_field="public_point",
        place_slack_m=FeedbackRequest.published_grid_m, include_unplaced=False, limit=SIMILAR_LIMIT,
    )  # fmt: skip
    for request in found:
        request.similar_action = READ_ANSWER if request.status == FeedbackRequest.Status.CLOSED else FOLLOW
    return found


def feedback_area_counts(
    *,
    division: DivisionType,
    srid: int = 4326,
    status: list[str] | None = None,
    service: Service | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> list[Area]:
    """Every area of `division` with `feedback_count`: the requests whose published
    point lies in it (the area index, one grouped query) — the only way the map
    shows feedback. None where a small area's count is withheld (published_count)."""
    requests = FeedbackRequest.objects.filter(is_public=True)
    if status:
        requests = requests.filter(status__in=status)
    if service is not None:
        requests = requests.filter(service=service)
    if start is not None:
        requests = requests.filter(requested_at__gte=start)
    if end is not None:
        requests = requests.filter(requested_at__lt=end)
    counts = dict(
        AreaMembership.objects.filter(
            content_type=ContentType.objects.get_for_model(FeedbackRequest),
            division=division,
            object_id__in=requests.values("pk"),
        )
        .order_by()
        .values_list("area_id")
        .annotate(n=Count("object_id"))
    )
    areas = list(area_list(srid=srid).filter(division=division).annotate(surface=Surface("geometry")))
    for area in areas:
        area.feedback_count = published_count(
            model=FeedbackRequest, count=counts.get(area.pk, 0), surface_m2=area.surface.sq_m
        )
    return areas
