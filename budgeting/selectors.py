"""Reads of budgeting data; text similarity and distances stay in PostgreSQL.

Proposals and projects are located content: their lists are LocatedQuerySets
that the shared filters (areas, bbox, near, search) refine further. Which
budget area a place belongs to is budgeting's own rule (the round's division,
then its merges) read from the shared area lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface, Transform
from django.contrib.gis.geos import Point
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, is_within_helsinki, to_projection
from areas.models import Area, AreaMembership
from areas.selectors import METRIC_PRECISION, PRECISION, area_lookup
from areas.similar import READ_ANSWER, SIMILAR_LIMIT, SIMILAR_RADIUS_M, SUPPORT, similar_items
from geo_osallisuus import roles
from geo_osallisuus.row_expressions import authored_by, related_count

from luotsit.providers import AreaContent

from .models import AreaAllocation, BudgetRound, Project, Proposal, ProposalSupport

MSG_OUTSIDE_HELSINKI = _("The location is outside Helsinki: choose a place in Helsinki.")
MSG_NOT_A_BUDGET_AREA = _("Area {area} is not one of this round's budget areas.")


def round_list() -> QuerySet[BudgetRound]:
    return BudgetRound.objects.select_related("division")


def round_current(*, today: date | None = None) -> BudgetRound | None:
    """The round a resident takes part in now: the latest that has opened for
    proposals, or without one the next to open."""
    today = today or timezone.localdate()
    opened = round_list().filter(proposals_opens__lte=today).order_by("-proposals_opens", "-year").first()
    return opened or round_list().order_by("proposals_opens").first()


def allocation_list(*, round: BudgetRound) -> list[AreaAllocation]:
    """The all-Helsinki part first, then the areas by code."""
    rows = list(AreaAllocation.objects.filter(round=round).select_related("area", "area__division"))
    return sorted(rows, key=lambda a: (a.area_id is not None, a.area.code.zfill(10) if a.area else ""))


@dataclass(frozen=True)
class AreaShare:
    allocation: AreaAllocation
    share: Decimal  # population / areas_population, to six places
    remainder: Decimal  # quota − floor(quota): what the remainder ranking sorts by
    merged_areas: list[Area]


@dataclass(frozen=True)
class AllocationBreakdown:
    """A round's stored sums with the arithmetic that produced them (API and pages)."""

    round: BudgetRound
    city: AreaAllocation
    areas: list[AreaShare]
    areas_population: int

    @property
    def areas_sum(self) -> int:
        return sum(a.allocation.amount for a in self.areas)

    @property
    def euros_left_after_flooring(self) -> int:
        return sum(1 for a in self.areas if a.allocation.got_extra_euro)


def allocation_breakdown(*, round: BudgetRound) -> AllocationBreakdown | None:
    """None until the allocation is computed."""
    rows = allocation_list(round=round)
    if not rows:
        return None
    city, areas = rows[0], rows[1:]
    merged: dict[int, list[Area]] = {}
    for merge in round.merges.select_related("area__division"):
        merged.setdefault(merge.into_id, []).append(merge.area)
    total = sum(a.population for a in areas)
    return AllocationBreakdown(
        round=round,
        city=city,
        areas=[
            AreaShare(
                allocation=a,
                share=(Decimal(a.population) / Decimal(total)).quantize(Decimal("0.000001")),
                remainder=a.quota - int(a.quota),
                merged_areas=merged.get(a.area_id, []),
            )
            for a in areas
        ],
        areas_population=total,
    )


# --- Budget areas -----------------------------------------------------------------


def round_budget_areas(*, round: BudgetRound) -> QuerySet[Area]:
    """The areas with a budget of their own: the round's division, less merged areas."""
    merged = round.merges.values_list("area_id", flat=True)
    return Area.objects.filter(division_id=round.division_id).exclude(pk__in=merged).order_by("code")


def _merge_target(*, round: BudgetRound, area: Area) -> Area:
    merge = round.merges.select_related("into").filter(area=area).first()
    return merge.into if merge else area


def budget_area_for_point(*, round: BudgetRound, point: Point) -> Area:
    """The budget area that holds `point` (any allowed SRID), merges applied
    (a point in Östersundom belongs to Itäinen).

    Raises GeometryError when the point lies in none of the division's areas.
    """
    point = to_projection(point)
    if not is_within_helsinki(point):
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    # On a boundary the point lies in two areas; the lower code wins, as ever.
    found = [a for a in area_lookup(point=point).areas if a.division_id == round.division_id]
    if not found:
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    return _merge_target(round=round, area=min(found, key=lambda a: a.code))


def budget_area_for_area(*, round: BudgetRound, area: Area) -> Area:
    """`area` itself when it is a budget area, its merge target when merged."""
    if area.division_id != round.division_id:
        raise GeometryError(MSG_NOT_A_BUDGET_AREA.format(area=area))
    return _merge_target(round=round, area=area)


# --- Proposals and projects -------------------------------------------------------


def proposal_list(*, user, srid: int | None = None) -> QuerySet[Proposal]:
    """Every proposal but the withdrawn ones (those only their author sees);
    moderation states and reasons are public, authors are not: `is_mine` says
    whether `user` wrote it. With `srid`, `geojson` is the proposal's point in it."""
    queryset = Proposal.objects.select_related("area", "area__division").annotate(
        support_count=related_count(ProposalSupport, to="proposal"), is_mine=authored_by(user)
    )
    visible = ~Q(status=Proposal.Status.WITHDRAWN)
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    queryset = queryset.filter(visible).order_by("-created_at", "-id")
    return queryset.with_geojson(srid) if srid is not None else queryset

# The states the duplicate check offers, and what a page offers for each.
SIMILAR_ACTIONS = {
    Proposal.Status.SUBMITTED: SUPPORT,
    Proposal.Status.ACCEPTED: SUPPORT,
    Proposal.Status.MERGED: READ_ANSWER,
    Proposal.Status.REJECTED: READ_ANSWER,
}


def proposal_similar(
    *, round: BudgetRound, text: str, point: Point | None, radius_m: float = SIMILAR_RADIUS_M, srid: int
) -> list[Proposal]:
    """Proposals of `round` whose titles resemble `text` and, given a point,
    that lie within `radius_m` metres of it — their point, or the area they
    concern — with all-Helsinki ones that have no place of their own.

    The shared duplicate check (areas.similar). Decided ones are offered too,
    each with `similar_action`: open ones to support, decided ones to read.
    """
    queryset = (
        Proposal.objects.filter(round=round, status__in=SIMILAR_ACTIONS)
        .select_related("area", "area__division")
        .annotate(support_count=related_count(ProposalSupport, to="proposal"))
        .with_geojson(srid)
    )
    found = similar_items(queryset, text=text, field="title", point=point, radius_m=radius_m, limit=SIMILAR_LIMIT)
    for proposal in found:
        proposal.similar_action = SIMILAR_ACTIONS[proposal.status]
    return found


def project_list(*, srid: int | None = None, map_points: bool = False) -> QuerySet[Project]:
    """Projects; with `srid`, `geojson` is the project's point in it, or with
    `map_points` a point inside its area when it has none (for the map)."""
    queryset = Project.objects.select_related("area", "area__division").prefetch_related("proposals")
    if srid is None:
        return queryset
    if map_points:
        return queryset.annotate(geojson=project_map_geojson(srid))
    return queryset.with_geojson(srid)


def ballot_projects(*, round: BudgetRound, area: Area | None) -> QuerySet[Project]:
    """What a ballot in `area` offers: the all-Helsinki projects in the vote, then the area's."""
    scope = Q(all_helsinki=True) | Q(area=area) if area is not None else Q(all_helsinki=True)
    return (
        Project.objects.filter(round=round, on_ballot=True)
        .filter(scope)
        .select_related("area")
        .order_by("-all_helsinki", "title", "pk")
    )


def project_map_geojson(srid: int) -> AsGeoJSON:
    """The project's point, or a point inside its area when it has none (for a map layer)."""
    where = Coalesce(
        "location", PointOnSurface("geometry"), PointOnSurface("area__geometry"),
        output_field=PointField(srid=settings.PROJECTION_SRID),
    )  # fmt: skip
    expression = where if srid == settings.PROJECTION_SRID else Transform(where, srid)
    return AsGeoJSON(expression, precision=PRECISION.get(srid, METRIC_PRECISION))


def project_winners(*, ids: list[int], srid: int) -> QuerySet[Project]:
    return (
        Project.objects.filter(pk__in=ids)
        .select_related("area")
        .annotate(geojson=project_map_geojson(srid))
        .order_by("area__code", "title")
    )


# --- The luotsi's own view ----------------------------------------------------------


def luotsi_budget_contents(*, areas, user=None) -> list[AreaContent]:
    """Content provider for luotsit: per area, the proposals waiting for
    moderation and the projects that lie in or touch it (one query each,
    from the shared area index)."""
    ids = [area.pk for area in areas]
    kinds = (
        (
            "budget_proposals_waiting",
            _("Budget proposals waiting for moderation"),
            Proposal.objects.filter(status=Proposal.Status.SUBMITTED),
            "budget-proposal-list",
            {"status": Proposal.Status.SUBMITTED},
        ),
        ("budget_projects", _("Budget projects"), Project.objects.all(), "budget-project-list", {}),
    )
    found = []
    for key, label, items, list_name, query in kinds:
        counts = dict(
            AreaMembership.objects.filter(
                content_type=ContentType.objects.get_for_model(items.model),
                area_id__in=ids,
                object_id__in=items.values("pk"),
            )
            .order_by()
            .values_list("area_id")
            .annotate(n=Count("object_id"))
        )
        found += [
            AreaContent(
                area_id=pk,
                key=key,
                label=str(label),
                count=counts.get(pk, 0),
                url=f"{reverse(list_name)}?{urlencode({**query, 'area': pk})}",
            )
            for pk in ids
        ]
    return found


# --- Who moderates proposals --------------------------------------------------------


def proposal_may_moderate(*, user, proposal: Proposal) -> bool:
    """Planners and admins; a luotsi whose active profile serves an area the proposal
    lies in or touches (the shared area index), unless they wrote it.

    The one rule of proposal moderation: the API's `moderate` and the luotsi's
    workspace page both ask it; `services.proposal_moderate` keeps the states' rules.
    """
    if roles.user_is_planner(user):
        return True
    if not roles.user_is_luotsi(user) or proposal.author_id == user.pk:
        return False
    from luotsit.models import Luotsi  # luotsit's own models; luotsit imports nothing of budgeting

    served = Area.objects.filter(luotsit__in=Luotsi.objects.active().filter(user=user)).values_list("pk", flat=True)
    return Proposal.objects.filter(pk=proposal.pk).in_areas(served).exists()
