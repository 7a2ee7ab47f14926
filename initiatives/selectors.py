"""Reads of initiatives: the public list, the duplicate check, the pending cases an opinion may belong to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.db.models import Q, QuerySet

from areas.similar import READ_ANSWER, SIMILAR_LIMIT, SIMILAR_RADIUS_M, SUPPORT, similar_items
from geo_osallisuus.row_expressions import authored_by, related_count

from .kinds import OPINION, KindVerdict, initiative_kind_check
from .models import Initiative, InitiativeFollow, InitiativeSupport

OPEN_STATES = (Initiative.State.SUBMITTED, Initiative.State.IN_PREPARATION)
# The states the duplicate check offers, and what a page offers for each.
SIMILAR_ACTIONS = {
    Initiative.State.SUBMITTED: SUPPORT,
    Initiative.State.IN_PREPARATION: SUPPORT,
    Initiative.State.ANSWERED: READ_ANSWER,
}


def initiative_list(*, user=None, srid: int | None = None) -> QuerySet[Initiative]:
    """Every initiative but drafts and withdrawn ones, which only their authors
    see; with `srid`, `geojson` is its place. Authors are never part of the output:
    `is_mine` says whether `user` wrote it."""
    visible = ~Q(state__in=(Initiative.State.DRAFT, Initiative.State.WITHDRAWN))
    if user is not None and getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
    queryset = (
        Initiative.objects.filter(visible)
        .select_related("category", "sector")
        .annotate(
            support_count=related_count(InitiativeSupport, to="initiative"),
            follow_count=related_count(InitiativeFollow, to="initiative"),
            is_mine=authored_by(user),
        )
        .order_by("-submitted_at", "-id")
    )
    return queryset.with_geojson(srid) if srid is not None else queryset


def initiative_similar(
    *, text: str, point: Point | None, radius_m: float = SIMILAR_RADIUS_M, srid: int = 4326
) -> list[Initiative]:
    """Before filing: initiatives whose titles resemble `text`, near `point`
    (metres on EPSG:3067), with those that have no place (they may concern any);
    answered ones too, each with `similar_action`: support an open one, read an answer."""
    queryset = initiative_list(srid=srid).filter(state__in=SIMILAR_ACTIONS)
    found = similar_items(queryset, text=text, field="title", point=point, radius_m=radius_m, limit=SIMILAR_LIMIT)
    for initiative in found:
        initiative.similar_action = SIMILAR_ACTIONS[initiative.state]
    return found


def pending_cases_like(*, text: str, limit: int = 5):
    """Pending cases whose text matches `text`: where an opinion on a matter being handled belongs."""
    from cases.models import Case

    return list(Case.objects.filter(status=Case.Status.PENDING).search(text, rank=True).order_by("-search_rank", "pk")[:limit])


@dataclass(frozen=True)
class KindAdvice:
    verdict: KindVerdict
    # For an opinion on a pending matter: the pending cases `text` may be about.
    pending_cases: list = field(default_factory=list)


def initiative_kind_advice(
    *, about_past: bool = False, own_benefit: bool = False, pending_matter: bool = False, text: str = ""
) -> KindAdvice:
    """The kind-check's answer (initiatives.kinds) and, for an opinion, where it may belong."""
    verdict = initiative_kind_check(about_past=about_past, own_benefit=own_benefit, pending_matter=pending_matter)
    text = (text or "").strip()[:200]
    cases = pending_cases_like(text=text) if verdict.kind == OPINION and text else []
    return KindAdvice(verdict=verdict, pending_cases=cases)
