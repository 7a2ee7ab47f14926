"""Writes and rules of participatory budgeting: allocation, proposals, projects.

Voting lives in voting.py. Every refusal raises django's ValidationError (or
areas.geometry.GeometryError for places) with one of the message constants
below, and nothing is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, to_projection
from areas.located import located_refresh
from areas.models import Area
from geo_osallisuus.text import text_normalised
from map_ui.numbers import euros

from .allocation import all_helsinki_sum, split_by_population
from .models import AreaAllocation, BudgetRound, Project, Proposal, ProposalSupport, RoundAreaMerge
from .selectors import budget_area_for_area, budget_area_for_point, round_budget_areas

MSG_NO_POPULATION = _("Area {area} has no population; the allocation needs every area's population.")
MSG_NO_AREAS = _("The round's division has no areas to allocate to.")
MSG_MERGE_DIVISION = _("Merged areas must both belong to the round's division.")
MSG_SCOPE = _("Give a location, an area, or all of Helsinki, and only one of the area and all of Helsinki.")
MSG_LOCATION_AREA_MISMATCH = _("The location lies in {other}, not in the chosen area {area}.")
MSG_PROPOSALS_CLOSED = _("Proposals for this round are not open.")
MSG_ALREADY_SUPPORTED = _("You already support this proposal.")
MSG_SUPPORT_OWN = _("You cannot support your own proposal.")
MSG_SUPPORT_STATUS = _("Only proposals that are open can be supported.")
MSG_SUPPORT_CLOSED = _(
    "Proposals of {round} could be supported while proposals were open, from {opens} to {closes}."
)
MSG_REASON_REQUIRED = _("A reason is required when a proposal is rejected or merged.")
MSG_MERGE_TARGET = _("A merged proposal needs another proposal of the same round to merge into.")
MSG_PROPOSAL_ROUND = _("Proposal {id} belongs to another round.")
MSG_ON_BALLOT_MOVE = _("A project on the ballot cannot move to another budget area.")
MSG_NO_ALLOCATION = _("The round's allocation has not been computed yet.")
MSG_COST_OVER_BUDGET = _("The project costs {cost}, more than the {budget} of {scope}; it cannot enter the vote.")
MSG_BALLOT_FROZEN = _(
    "Voting in {round} opened on {day}: its ballot is frozen. No project enters or leaves the vote, and the "
    "costs of the projects in it do not change."
)


# --- Allocation -------------------------------------------------------------------


def round_merge_add(*, round: BudgetRound, area: Area, into: Area) -> RoundAreaMerge:
    if area.division_id != round.division_id or into.division_id != round.division_id:
        raise ValidationError(MSG_MERGE_DIVISION)
    merge, _created = RoundAreaMerge.objects.update_or_create(round=round, area=area, defaults={"into": into})
    return merge


@transaction.atomic
def allocation_compute(*, round: BudgetRound) -> list[AreaAllocation]:
    """Compute and store the round's parts: all of Helsinki, then each budget area.

    The all-Helsinki part is total × share rounded to the euro; the rest is split
    between the budget areas by population (a merged area's population counts
    for its target) with the largest-remainder method, so that all parts add up
    to the total exactly. Recomputing replaces the stored parts.
    """
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    areas = {area.pk: area for area in round_budget_areas(round=round)}
    if not areas:
        raise ValidationError(MSG_NO_AREAS)
    merged: dict[int, int] = {pk: 0 for pk in areas}
    # Residents of voting age, where every area counted knows them (None: unknown).
    eligible: dict[int, int | None] = {pk: area.eligible_population for pk, area in areas.items()}
    for merge in round.merges.select_related("area"):
        if merge.area.population is None:
            raise ValidationError(MSG_NO_POPULATION.format(area=merge.area))
        merged[merge.into_id] += merge.area.population
        known = eligible[merge.into_id] is not None and merge.area.eligible_population is not None
        eligible[merge.into_id] = eligible[merge.into_id] + merge.area.eligible_population if known else None
    for area in areas.values():
        if area.population is None:
            raise ValidationError(MSG_NO_POPULATION.format(area=area))
    populations = {pk: areas[pk].population + merged[pk] for pk in areas}

    city = all_helsinki_sum(total=round.total_sum, share=round.all_helsinki_share)
    parts = split_by_population(
        amount=round.total_sum - city,
        populations=populations,
        order={pk: area.code.zfill(10) for pk, area in areas.items()},
    )
    AreaAllocation.objects.filter(round=round).delete()
    rows = [
        AreaAllocation(
            round=round,
            area=None,
            population=sum(populations.values()),
            eligible_population=None if None in eligible.values() else sum(eligible.values()),
            quota=Decimal(round.total_sum) * round.all_helsinki_share,
            amount=city,
        )
    ]
    rows += [
        AreaAllocation(
            round=round,
            area=areas[part.key],
            population=part.population,
            merged_population=merged[part.key],
            eligible_population=eligible[part.key],
            quota=Decimal(part.quota.numerator) / Decimal(part.quota.denominator),
            amount=part.amount,
            remainder_rank=part.remainder_rank,
            got_extra_euro=part.got_extra_euro,
        )
        for part in parts
    ]
    return AreaAllocation.objects.bulk_create(rows)


def allocation_amount(*, round: BudgetRound, area: Area | None) -> int:
    """The stored sum for `area` (None: all of Helsinki)."""
    allocation = AreaAllocation.objects.filter(round=round, area=area).first()
    if allocation is None:
        raise ValidationError(MSG_NO_ALLOCATION)
    return allocation.amount


# --- Where things are -------------------------------------------------------------


# An item placed by an area lies this far inside its boundary (see budget_item_geometry_sync).
AREA_INSET_M = 1.0


@dataclass(frozen=True)
class BudgetPlace:
    location: Point | None  # in PROJECTION_SRID
    budget_area: Area | None  # None: all of Helsinki
    chosen_area: Area | None  # the area given (Östersundom), before merges


def budget_place(*, round: BudgetRound, location: Point | None, area: Area | None, all_helsinki: bool) -> BudgetPlace:
    """Where an item of the round belongs; ValidationError when the place given is not one."""
    if all_helsinki and area is not None:
        raise ValidationError(MSG_SCOPE)
    budget_area = None
    if area is not None:
        budget_area = budget_area_for_area(round=round, area=area)
    if location is not None:
        # Also for all-Helsinki items: a place outside the city is refused.
        location = to_projection(location)
        point_area = budget_area_for_point(round=round, point=location)
        if budget_area is not None and budget_area != point_area:
            raise ValidationError(MSG_LOCATION_AREA_MISMATCH.format(area=budget_area, other=point_area))
        budget_area = None if all_helsinki else point_area
    if budget_area is None and not all_helsinki:
        raise ValidationError(MSG_SCOPE)
    return BudgetPlace(location=location, budget_area=budget_area, chosen_area=area)


def budget_item_geometry_sync(*, item: Proposal | Project, chosen_area: Area | None) -> None:
    """Set the item's located geometry and rewrite its rows of the area index.

    The geometry is its point; without one, the shape of the area chosen for it
    (it concerns that whole area; Östersundom's own shape even though its budget
    is Itäinen's), or of its budget area; for an all-Helsinki item without a
    point, nothing. The area's shape is taken AREA_INSET_M inside its boundary:
    the index counts what touches an area, and an item concerning Pohjoinen is
    not Eteläinen's because the two share a border. Call in the transaction
    that wrote the item.
    """
    model = type(item)
    area_id = chosen_area.pk if chosen_area is not None else item.area_id
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET geometry = COALESCE("
            "location, (SELECT ST_Buffer(geometry, %s) FROM areas_area WHERE id = %s)) WHERE id = %s",
            [-AREA_INSET_M, area_id, item.pk],
        )
    located_refresh(model=model, ids=[item.pk])


def budget_item_place(
    *, item: Proposal | Project, round: BudgetRound, location: Point | None, area: Area | None, all_helsinki: bool
) -> BudgetPlace:
    """The place of an item edited by hand (the admin), checked before it is saved."""
    place = budget_place(round=round, location=location, area=area, all_helsinki=all_helsinki)
    if isinstance(item, Project) and item.pk and item.on_ballot and place.budget_area != item.area:
        # Its cost was checked against its area's sum and votes may already count it there.
        raise ValidationError(MSG_ON_BALLOT_MOVE)
    return place


@transaction.atomic
def budget_item_save(*, item: Proposal | Project, place: BudgetPlace) -> Proposal | Project:
    """Save an item at the place budget_item_place found for it."""
    item.location = place.location
    item.area = place.budget_area
    item.all_helsinki = place.budget_area is None
    item.save()
    budget_item_geometry_sync(item=item, chosen_area=place.chosen_area)
    return item


# --- Proposals --------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    round: BudgetRound,
    author,
    title: str,
    description: str,
    location: Point | None = None,
    area: Area | None = None,
    all_helsinki: bool = False,
    today=None,
) -> Proposal:
    """A resident's proposal; its budget area comes from its location (or the area chosen)."""
    if not proposals_open(round=round, today=today):
        raise ValidationError(MSG_PROPOSALS_CLOSED)
    place = budget_place(round=round, location=location, area=area, all_helsinki=all_helsinki)
    proposal = Proposal.objects.create(
        round=round,
        author=author,
        title=title.strip(),
        description=description.strip(),
        location=place.location,
        area=place.budget_area,
        all_helsinki=place.budget_area is None,
    )
    budget_item_geometry_sync(item=proposal, chosen_area=place.chosen_area)
    return proposal


def proposals_open(*, round: BudgetRound, today: date | None = None) -> bool:
    """Proposing and supporting proposals: from proposals_opens to proposals_closes, both inclusive."""
    return round.proposals_opens <= (today or timezone.localdate()) <= round.proposals_closes


def proposal_support(*, proposal: Proposal, user, today: date | None = None) -> ProposalSupport:
    """Back a proposal while proposals are open; once per user, enforced by the database."""
    round = proposal.round
    if not proposals_open(round=round, today=today):
        raise ValidationError(
            MSG_SUPPORT_CLOSED.format(
                round=round,
                opens=date_format(round.proposals_opens, "SHORT_DATE_FORMAT"),
                closes=date_format(round.proposals_closes, "SHORT_DATE_FORMAT"),
            )
        )
    if proposal.author_id == user.pk:
        raise ValidationError(MSG_SUPPORT_OWN)
    if proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED):
        raise ValidationError(MSG_SUPPORT_STATUS)
    try:
        with transaction.atomic():
            return ProposalSupport.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_SUPPORTED) from None


def proposal_moderate(
    *, proposal: Proposal, status: str, reason: str = "", merged_into: Proposal | None = None
) -> Proposal:
    """Set a proposal's moderation state; refusals and merges carry a public reason."""
    reason = (reason or "").strip()
    if status in (Proposal.Status.REJECTED, Proposal.Status.MERGED) and not reason:
        raise ValidationError(MSG_REASON_REQUIRED)
    if status == Proposal.Status.MERGED:
        if merged_into is None or merged_into.round_id != proposal.round_id or merged_into.pk == proposal.pk:
            raise ValidationError(MSG_MERGE_TARGET)
    else:
        merged_into = None
    proposal.status = status
    proposal.moderation_reason = reason
    proposal.merged_into = merged_into
    proposal.save(update_fields=["status", "moderation_reason", "merged_into", "modified_at"])
    return proposal


# --- Projects ---------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    round: BudgetRound,
    title: str,
    description: str,
    cost: int,
    proposals: list[Proposal] = (),
    location: Point | None = None,
    area: Area | None = None,
    all_helsinki: bool = False,
) -> Project:
    """A planned project; it is not on the ballot until project_enter_vote accepts it."""
    for proposal in proposals:
        if proposal.round_id != round.pk:
            raise ValidationError(MSG_PROPOSAL_ROUND.format(id=proposal.pk))
    place = budget_place(round=round, location=location, area=area, all_helsinki=all_helsinki)
    project = Project.objects.create(
        round=round,
        title=title.strip(),
        description=description.strip(),
        cost=cost,
        location=place.location,
        area=place.budget_area,
        all_helsinki=place.budget_area is None,
    )
    project.proposals.set(proposals)
    budget_item_geometry_sync(item=project, chosen_area=place.chosen_area)
    return project


# The fields of a project the ballot is made of.
BALLOT_FIELDS = frozenset({"round", "cost", "area", "all_helsinki", "on_ballot"})


def ballot_is_frozen(*, round: BudgetRound, today: date | None = None) -> bool:
    """From the day voting opens, the ballot stays as voters saw it: the votes and
    the published result count exactly those projects at those costs."""
    return (today or timezone.localdate()) >= round.voting_opens


def ballot_change_check(
    *, project: Project, changed: Iterable[str], round: BudgetRound | None = None, today: date | None = None
) -> None:
    """Refuse a change to `project` (as stored) that would change a frozen ballot:
    entering or leaving the vote (`on_ballot`, or deleting the project), or, for a
    project in the vote, a new cost, place or round (`round`: the one it moves to).
    The API's enter-vote and the admin's form and delete all ask this one rule."""
    touched = set(changed) & BALLOT_FIELDS
    if not touched or not (project.on_ballot or "on_ballot" in touched):
        return
    for affected in {project.round, round or project.round}:
        if ballot_is_frozen(round=affected, today=today):
            raise ValidationError(
                MSG_BALLOT_FROZEN.format(round=affected, day=date_format(affected.voting_opens, "SHORT_DATE_FORMAT"))
            )


def project_enter_vote(*, project: Project, today: date | None = None) -> Project:
    """Put the project on the ballot before voting opens: its cost may not exceed
    its area's (or all of Helsinki's) sum."""
    if project.on_ballot:
        return project
    ballot_change_check(project=project, changed={"on_ballot"}, today=today)
    budget = allocation_amount(round=project.round, area=project.area)
    if project.cost > budget:
        raise ValidationError(
            MSG_COST_OVER_BUDGET.format(
                cost=euros(project.cost), budget=euros(budget), scope=project.area or _("all of Helsinki")
            )
        )
    project.on_ballot = True
    project.save(update_fields=["on_ballot", "modified_at"])
    return project


def project_set_implementation(*, project: Project, status: str) -> Project:
    project.implementation_status = status
    project.save(update_fields=["implementation_status", "modified_at"])
    return project


# --- Proposals imported from OmaStadi (Decidim) -------------------------------------

# Decidim pins a proposal without an address on a default spot (the map's
# centre), so one point under many proposals means "no location given": at this
# many proposals on the same coordinates (to 6 decimals, ~0.1 m) they are read as
# unlocated. Real neighbours rarely share a point exactly; five is above the
# handful of proposals one park or school gets pinned at its entrance.
DEFAULT_PIN_MIN_PROPOSALS = 5
# Area labels that mean the all-Helsinki part (compared lower-case).
ALL_HELSINKI_LABELS = {
    "koko helsinki", "koko kaupunki", "helsinki", "hela helsingfors", "all of helsinki", "helsinki-wide"
}  # fmt: skip
IMPORT_AUTHOR_USERNAME = "omastadi-import"
# Decidim's answer states -> the proposal's status here; others are still open.
DECIDIM_STATES = {
    "accepted": Proposal.Status.ACCEPTED,
    "rejected": Proposal.Status.REJECTED,
    "withdrawn": Proposal.Status.WITHDRAWN,
}
MSG_REJECTED_IN_OMASTADI = _("Rejected in OmaStadi; the reason is given there.")
MSG_MODERATED_HERE = _(
    "Proposal {id}: moderated here as {status}; the file's state {file!r} was not applied."
)
MSG_IMPORT_OTHER_ROUND = _("Proposal {id} was imported into another round ({round}).")


@dataclass
class OmaStadiImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unlocated: int = 0  # read as without a location: a default pin, no point or a point outside Helsinki
    default_pins: list[tuple[float, float, int]] = field(default_factory=list)  # lon, lat, proposals
    mismatches: list[str] = field(default_factory=list)  # the point's area differs from the file's label
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_text(self) -> str:
        lines = [*self.notes]
        for lon, lat, count in self.default_pins:
            lines.append(
                _("Default pin: {count} proposals at {lat:.6f}, {lon:.6f}; read as without a location.").format(
                    count=count, lat=lat, lon=lon
                )
            )
        lines += self.mismatches
        text = _("{created} created, {updated} updated, {unchanged} unchanged, {unlocated} without a location").format(
            created=self.created, updated=self.updated, unchanged=self.unchanged, unlocated=self.unlocated
        )
        if self.mismatches:
            text += _("; {n} in another area than their label").format(n=len(self.mismatches))
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return "\n".join([*lines, text])


class OmaStadiImportError(ValueError):
    """A proposal that cannot be stored; str() names it and says why."""


class _DryRunRollback(Exception):
    pass


def omastadi_proposals_import(
    *, round: BudgetRound, proposals: list, dry_run: bool = False
) -> OmaStadiImportSummary:
    """Create or update the round's proposals from OmaStadi (`budgeting.omastadi.read_omastadi`), by Decidim id.

    All or nothing; a re-run changes nothing. A proposal's budget area comes from
    its point by budget_place, the rule of every proposal; where the file's own
    area label names another area it is reported. Proposals on a default pin, without
    a point or with one outside Helsinki are unlocated: they go to the area their
    label names, else to all of Helsinki (the label is what the proposer chose).
    """
    summary = OmaStadiImportSummary()
    try:
        with transaction.atomic():
            _omastadi_import(round=round, proposals=proposals, summary=summary)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        summary.dry_run = True
    return summary


def _pin_key(lonlat: tuple[float, float]) -> tuple[float, float]:
    return (round(lonlat[0], 6), round(lonlat[1], 6))


def _label_areas(round: BudgetRound) -> dict[str, Area]:
    """Lower-case names and codes of the round's division's areas -> the area."""
    labels: dict[str, Area] = {}
    for area in Area.objects.filter(division_id=round.division_id):
        for name in (area.code, area.name_fi, area.name_sv, area.name_en):
            if name:
                labels[name.lower()] = area
    return labels


def _label_area(label: str, labels: dict[str, Area]) -> Area | None:
    words = [w for w in label.lower().replace("-", " ").split() if w not in ("suurpiiri", "stordistrikt", "district")]
    return labels.get(label.lower()) or labels.get(" ".join(words))


def _omastadi_place(*, round: BudgetRound, item, pins: set, labels: dict, summary: OmaStadiImportSummary):
    label = item.area_label
    label_all = label.lower() in ALL_HELSINKI_LABELS
    label_area = None if label_all or not label else _label_area(label, labels)
    where = _("Proposal {id} ({title})").format(id=item.decidim_id, title=item.title)
    if label and not label_all and label_area is None:
        summary.notes.append(
            _("{where}: the area {label!r} is not one of the round's.").format(where=where, label=label)
        )
    if item.lonlat is not None and _pin_key(item.lonlat) not in pins:
        try:
            place = budget_place(
                round=round, location=Point(*item.lonlat, srid=4326), area=None, all_helsinki=label_all
            )
        except (GeometryError, ValidationError):
            summary.notes.append(_("{where}: the point is outside Helsinki.").format(where=where))
        else:
            if label_area is not None and budget_area_for_area(round=round, area=label_area) != place.budget_area:
                summary.mismatches.append(
                    _("{where}: the point lies in {area}, the file says {label}.").format(
                        where=where, area=place.budget_area, label=label
                    )
                )
            return place
    summary.unlocated += 1
    return budget_place(round=round, location=None, area=label_area, all_helsinki=label_area is None)


def _import_author():
    author, created = get_user_model().objects.get_or_create(
        username=IMPORT_AUTHOR_USERNAME, defaults={"is_active": False}
    )
    if created:
        author.set_unusable_password()
        author.save(update_fields=["password"])
    return author


def _omastadi_import(*, round: BudgetRound, proposals: list, summary: OmaStadiImportSummary) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('budgeting.omastadi_import'))")
    counts = Counter(_pin_key(p.lonlat) for p in proposals if p.lonlat is not None)
    pins = {key for key, n in counts.items() if n >= DEFAULT_PIN_MIN_PROPOSALS}
    summary.default_pins = sorted((lon, lat, counts[(lon, lat)]) for lon, lat in pins)
    labels = _label_areas(round)
    origin_ids = [f"decidim:{p.decidim_id}" for p in proposals]
    existing = {p.origin_id: p for p in Proposal.objects.filter(origin_id__in=origin_ids)}
    author = None
    for item, origin_id in zip(proposals, origin_ids):
        place = _omastadi_place(round=round, item=item, pins=pins, labels=labels, summary=summary)
        status = DECIDIM_STATES.get(item.state, Proposal.Status.SUBMITTED)
        values = {
            # Normalised as the fields store them, so that a re-run compares equal.
            "title": text_normalised(item.title[:200], multiline=False),
            "description": text_normalised(item.body[:5000], multiline=True),
            "location": place.location,
            "area": place.budget_area,
            "all_helsinki": place.budget_area is None,
            "estimated_cost": item.budget,
        }
        proposal = existing.get(origin_id)
        if proposal is not None and proposal.round_id != round.pk:
            raise OmaStadiImportError(MSG_IMPORT_OTHER_ROUND.format(id=item.decidim_id, round=proposal.round))
        if proposal is not None and proposal.status != proposal.origin_status:
            # Moderated here since the last import (proposal_moderate): that decision
            # and its public reason stay; the file's state is reported, not applied.
            if status != proposal.status:
                summary.notes.append(
                    MSG_MODERATED_HERE.format(id=item.decidim_id, status=proposal.get_status_display(), file=item.state)
                )
        else:
            values |= {
                "status": status,
                "origin_status": status,
                "moderation_reason": str(MSG_REJECTED_IN_OMASTADI) if status == Proposal.Status.REJECTED else "",
            }
        if proposal is None:
            author = author or _import_author()
            proposal = Proposal(round=round, author=author, origin_id=origin_id)
        elif not _proposal_differs(proposal, values):
            summary.unchanged += 1
            continue
        for key, value in values.items():
            setattr(proposal, key, value)
        try:
            proposal.full_clean(validate_unique=False)
        except ValidationError as exc:
            details = "; ".join(f"{k}: {' '.join(m)}" for k, m in exc.message_dict.items())
            raise OmaStadiImportError(f"Proposal {item.decidim_id}: {details}") from None
        is_new = proposal.pk is None
        proposal.save()
        budget_item_geometry_sync(item=proposal, chosen_area=place.chosen_area)
        if is_new:
            summary.created += 1
        else:
            summary.updated += 1


def _proposal_differs(proposal: Proposal, values: dict) -> bool:
    for key, value in values.items():
        current = getattr(proposal, key)
        if key == "location" and current is not None and value is not None:
            if not current.equals_exact(value, 0.01):
                return True
        elif current != value:
            return True
    return False
