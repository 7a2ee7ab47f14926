"""Participation measured per area and period, and the twice-yearly initiative report.

Every count is one grouped query over the shared area index
(`areas.AreaMembership`): an item counts in each area of the division it lies in
or touches. What is counted, for items dated in the period:

==========================  =================================================
feedback                    feedback requests sent (requested_at), in the areas that
                            hold their published point (the centre of their 250 m
                            cell); null where a small area's small count is withheld
initiatives                 initiatives submitted (submitted_at)
initiative_supports         supports given to initiatives in the area (created_at)
budget_proposals            OmaStadi proposals made (created_at)
proposal_supports           supports given to proposals in the area (created_at)
supports                    initiative_supports + proposal_supports
votes                       ballots cast in the area (cast_at): only for the areas
                            ballots are cast in (the budget division), else null
turnout                     votes / residents of voting age where the area
                            knows them (eligible_population), else / population;
                            turnout_base says which ("eligible", "population")
==========================  =================================================

`per_1000` gives each count per 1 000 residents where the area's population is
known. Items without a place (citywide proposals, initiatives without one) are
in `totals` but in no area.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import Area as Surface
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.located import published_count
from areas.models import Area, AreaMembership, DivisionType
from budgeting.models import Ballot, Proposal, ProposalSupport
from feedback.models import FeedbackRequest
from initiatives.models import Initiative, InitiativeSupport

MSG_BAD_HALF = _("Parameter half must be 1 (January–June) or 2 (July–December), not {value!r}.")
MSG_PERIOD_ORDER = _("The period must start before it ends.")

COUNTS = ("feedback", "initiatives", "initiative_supports", "budget_proposals", "proposal_supports", "supports", "votes")


@dataclass(frozen=True)
class Period:
    start: datetime.date  # inclusive
    end: datetime.date  # exclusive
    label: str

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time()))

    @property
    def end_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time()))


def period_of(*, year: int, half: int | None = None) -> Period:
    """A year, or its first (January–June) or second (July–December) half."""
    if half is None:
        return Period(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), str(year))
    if half not in (1, 2):
        raise ValueError(MSG_BAD_HALF.format(value=half))
    if half == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 7, 1), f"{year}/1")
    return Period(datetime.date(year, 7, 1), datetime.date(year + 1, 1, 1), f"{year}/2")


def period_between(*, start: datetime.date, end: datetime.date) -> Period:
    """From `start` to `end`, both days included."""
    if end < start:
        raise ValueError(MSG_PERIOD_ORDER)
    return Period(start, end + datetime.timedelta(days=1), f"{start.isoformat()}–{end.isoformat()}")


_BY_AREA = """
    SELECT m.area_id, count(*)
    FROM {table} t
    JOIN {membership} m ON m.content_type_id = %(content_type)s AND m.object_id = t.{item}
    WHERE m.division_id = %(division)s AND t.{time} >= %(start)s AND t.{time} < %(end)s {extra}
    GROUP BY m.area_id
"""
_TOTAL = "SELECT count(*) FROM {table} t WHERE t.{time} >= %(start)s AND t.{time} < %(end)s {extra}"


def _count(*, model, item_model, item: str, time: str, division: DivisionType, period: Period, extra: str = "") -> tuple[dict[int, int], int]:
    """(count per area of `division`, total) of `model`'s rows dated in `period`;
    a row lies where the located item `item_model` it points to (column `item`) lies."""
    quote = connection.ops.quote_name
    names = {
        "table": quote(model._meta.db_table),
        "membership": quote(AreaMembership._meta.db_table),
        "item": quote(item),
        "time": quote(time),
        "extra": extra,
    }
    params = {
        "content_type": ContentType.objects.get_for_model(item_model).pk,
        "division": division.pk,
        "start": period.start_at,
        "end": period.end_at,
    }
    with connection.cursor() as cursor:
        cursor.execute(_BY_AREA.format(**names), params)
        by_area = dict(cursor.fetchall())
        cursor.execute(_TOTAL.format(**names), params)
        total = cursor.fetchone()[0]
    return by_area, total


def _per_1000(count: int | None, population: int | None) -> str | None:
    if count is None or not population:
        return None
    return str((Decimal(count) * 1000 / Decimal(population)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def participation_by_area(*, division: DivisionType, period: Period) -> dict:
    """Counts per area of `division` in `period`, with totals (see the module docstring)."""
    submitted = "AND t.state NOT IN ('draft', 'withdrawn')"
    counted = {
        "feedback": _count(model=FeedbackRequest, item_model=FeedbackRequest, item="id", time="requested_at", division=division, period=period),
        "initiatives": _count(model=Initiative, item_model=Initiative, item="id", time="submitted_at", division=division, period=period, extra=submitted),
        "initiative_supports": _count(model=InitiativeSupport, item_model=Initiative, item="initiative_id", time="created_at", division=division, period=period),
        "budget_proposals": _count(model=Proposal, item_model=Proposal, item="id", time="created_at", division=division, period=period, extra="AND t.status <> 'withdrawn'"),
        "proposal_supports": _count(model=ProposalSupport, item_model=Proposal, item="proposal_id", time="created_at", division=division, period=period),
    }  # fmt: skip
    ballots = Ballot.objects.filter(cast_at__gte=period.start_at, cast_at__lt=period.end_at)
    votes_by_area = {
        area_id: n
        for area_id, n in ballots.filter(area__division=division).order_by().values_list("area_id").annotate(n=Count("pk"))
    }
    votes_counted_here = ballots.filter(area__division=division).exists() or division.slug == "suurpiiri"
    rows = []
    areas = Area.objects.filter(division=division).annotate(surface=Surface("geometry")).order_by("code").defer("geometry")
    for area in areas:
        row = {"id": area.pk, "code": area.code, "name": area.name, "population": area.population}
        for key, (by_area, _total) in counted.items():
            row[key] = by_area.get(area.pk, 0)
        # Feedback counts where its published point lies; a small area's small count is withheld (None).
        row["feedback"] = published_count(model=FeedbackRequest, count=row["feedback"], surface_m2=area.surface.sq_m)
        row["supports"] = row["initiative_supports"] + row["proposal_supports"]
        row["votes"] = votes_by_area.get(area.pk, 0) if votes_counted_here else None
        eligible_known = area.eligible_population is not None
        base = area.eligible_population if eligible_known else area.population
        row["turnout_base"] = "eligible" if eligible_known else "population"
        row["turnout"] = (
            str((Decimal(row["votes"]) / Decimal(base)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
            if row["votes"] is not None and base
            else None
        )
        row["per_1000"] = {key: _per_1000(row[key], area.population) for key in COUNTS}
        rows.append(row)
    totals = {key: total for key, (_by_area, total) in counted.items()}
    totals["supports"] = totals["initiative_supports"] + totals["proposal_supports"]
    totals["votes"] = ballots.count()
    return {
        "division": division.slug,
        "period": {"start": period.start.isoformat(), "end": (period.end - datetime.timedelta(days=1)).isoformat(), "label": period.label},
        "areas": rows,
        "totals": totals,
    }



# --- The twice-yearly report of initiatives ------------------------------------------


def initiative_report(*, period: Period, division: DivisionType) -> dict:
    """Initiatives submitted or answered in `period`, by responsible sector and
    area (the area of `division` the initiative lies in; the lowest code on a
    boundary; "no place" without one), each with its answer and what was done —
    what the sectors bring to their boards and the council twice a year."""
    initiatives = list(
        Initiative.objects.exclude(state__in=(Initiative.State.DRAFT, Initiative.State.WITHDRAWN))
        .filter(
            Q(submitted_at__gte=period.start_at, submitted_at__lt=period.end_at)
            | Q(answered_at__gte=period.start_at, answered_at__lt=period.end_at)
        )
        .select_related("sector", "category")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("sector__code", "submitted_at", "pk")
    )
    memberships = AreaMembership.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative),
        object_id__in=[i.pk for i in initiatives],
        division=division,
    ).select_related("area")
    area_of: dict[int, Area] = {}
    for m in sorted(memberships, key=lambda m: m.area.code.zfill(10)):
        area_of.setdefault(m.object_id, m.area)
    sectors: dict[str, dict] = {}
    for initiative in initiatives:
        code = initiative.sector.code if initiative.sector_id else ""
        sector = sectors.setdefault(
            code,
            {
                "sector": code or None,
                "name": initiative.sector.name if initiative.sector_id else str(_("No sector yet")),
                "received": 0,
                "answered": 0,
                "open": 0,
                "areas": {},
            },
        )
        received = initiative.submitted_at and period.start_at <= initiative.submitted_at < period.end_at
        sector["received"] += 1 if received else 0
        if initiative.state == Initiative.State.ANSWERED and initiative.answered_at and period.start_at <= initiative.answered_at < period.end_at:
            sector["answered"] += 1
        if initiative.state in (Initiative.State.SUBMITTED, Initiative.State.IN_PREPARATION):
            sector["open"] += 1
        area = area_of.get(initiative.pk)
        key = area.code if area else ""
        bucket = sector["areas"].setdefault(
            key, {"code": area.code if area else None, "name": area.name if area else str(_("No place")), "initiatives": []}
        )
        bucket["initiatives"].append(
            {
                "id": initiative.pk,
                "title": initiative.title,
                "category": initiative.category.code,
                "youth": initiative.youth,
                "state": initiative.state,
                "state_label": str(initiative.get_state_display()),
                "submitted_at": initiative.submitted_at.isoformat() if initiative.submitted_at else None,
                "answered_at": initiative.answered_at.isoformat() if initiative.answered_at else None,
                "support_count": initiative.support_count,
                "answer": initiative.answer,
                "actions": initiative.actions,
            }
        )
    result = []
    for sector in sorted(sectors.values(), key=lambda s: (s["sector"] is None, s["sector"] or "")):
        sector["areas"] = [sector["areas"][k] for k in sorted(sector["areas"], key=lambda c: (c == "", c.zfill(10)))]
        result.append(sector)
    return {
        "period": {"start": period.start.isoformat(), "end": (period.end - datetime.timedelta(days=1)).isoformat(), "label": period.label},
        "division": division.slug,
        "sectors": result,
        "totals": {
            "initiatives": len(initiatives),
            "received": sum(s["received"] for s in result),
            "answered": sum(s["answered"] for s in result),
            "open": sum(s["open"] for s in result),
        },
    }

