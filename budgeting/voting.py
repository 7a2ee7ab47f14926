"""Casting ballots, online and on paper.

One ballot per voter per round is a unique constraint in the database
(ballot_one_per_voter_per_round), so two concurrent requests by one voter cannot
both insert: the loser of the race waits for the winner's commit, gets an
IntegrityError inside a savepoint, and rewrites the winner's row instead. A
changed ballot rewrites its row: the last one counts.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError
from areas.models import Area
from map_ui.numbers import euros

from .eligibility import voter_is_eligible
from .phases import round_phase
from .selectors import budget_area_for_area, budget_area_for_point
from .models import Ballot, BallotChoice, BudgetRound, Project, Voter
from .services import allocation_amount

MSG_VOTING_CLOSED = _("Voting in this round is not open.")
MSG_NOT_ELIGIBLE = _("Only Helsinki residents aged {age} or more on the voting day can vote.")
MSG_NO_VOTER = _("You have no voter profile: sign in with strong identification to vote.")
MSG_EMPTY_BALLOT = _("Choose at least one project.")
MSG_DUPLICATE_PROJECT = _("Each project can be chosen only once.")
MSG_UNKNOWN_PROJECT = _("Project {id} is not on this round's ballot.")
MSG_AREA_NEEDED = _("Choose the area whose projects you vote for.")
MSG_PROJECT_OTHER_AREA = _("Project {id} is in {project_area}, not in the area you vote in ({area}).")
MSG_OVER_AREA_BUDGET = _("The chosen projects of {area} cost {cost}, more than its {budget}.")
MSG_OVER_CITY_BUDGET = _("The chosen all-Helsinki projects cost {cost}, more than the {budget} for them.")

# Which part of a ballot a refusal concerns, so that a form shows it beside that part.
CODE_OVER_CITY_BUDGET = "over_city_budget"
CODE_OVER_AREA_BUDGET = "over_area_budget"


@dataclass(frozen=True)
class CheckedChoice:
    area: Area | None
    projects: list[Project]


def ballot_check(*, round: BudgetRound, area: Area | None, project_ids: list[int]) -> CheckedChoice:
    """The rules every ballot keeps, online or paper: projects on this round's
    ballot, area projects in the one chosen area, costs within both sums."""
    if not project_ids:
        raise ValidationError(MSG_EMPTY_BALLOT)
    if len(set(project_ids)) != len(project_ids):
        raise ValidationError(MSG_DUPLICATE_PROJECT)
    projects = {p.pk: p for p in Project.objects.filter(round=round, on_ballot=True, pk__in=project_ids)}
    for pk in project_ids:
        if pk not in projects:
            raise ValidationError(MSG_UNKNOWN_PROJECT.format(id=pk))
    if area is not None:
        try:
            area = budget_area_for_area(round=round, area=area)
        except GeometryError as exc:
            raise ValidationError(str(exc)) from None
    city = [p for p in projects.values() if p.all_helsinki]
    local = [p for p in projects.values() if not p.all_helsinki]
    if local and area is None:
        raise ValidationError(MSG_AREA_NEEDED)
    for project in local:
        if project.area_id != area.pk:
            raise ValidationError(
                MSG_PROJECT_OTHER_AREA.format(id=project.pk, project_area=project.area, area=area)
            )
    if city:
        cost, budget = sum(p.cost for p in city), allocation_amount(round=round, area=None)
        if cost > budget:
            raise ValidationError(
                MSG_OVER_CITY_BUDGET.format(cost=euros(cost), budget=euros(budget)), code=CODE_OVER_CITY_BUDGET
            )
    if local:
        cost, budget = sum(p.cost for p in local), allocation_amount(round=round, area=area)
        if cost > budget:
            raise ValidationError(
                MSG_OVER_AREA_BUDGET.format(area=area, cost=euros(cost), budget=euros(budget)),
                code=CODE_OVER_AREA_BUDGET,
            )
    return CheckedChoice(area=area, projects=[projects[pk] for pk in project_ids])


def voter_home_area(*, round: BudgetRound, voter: Voter) -> Area | None:
    """The budget area of the voter's home point: the ballot's suggested area."""
    if voter.home_point is None:
        return None
    try:
        return budget_area_for_point(round=round, point=voter.home_point)
    except GeometryError:
        return None


def voter_for_user(user) -> Voter:
    voter = Voter.objects.filter(user=user).first() if user.is_authenticated else None
    if voter is None:
        raise ValidationError(MSG_NO_VOTER)
    return voter


def _write_choices(ballot: Ballot, projects: list[Project]) -> None:
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project=p) for p in projects)


@transaction.atomic
def ballot_cast(
    *, voter: Voter, round: BudgetRound, area: Area | None, project_ids: list[int], today: date | None = None
) -> Ballot:
    """Cast or change `voter`'s online ballot in `round`; the last one counts.

    The voting day is `today` (Helsinki time): it must lie in the voting period,
    and the voter must be a resident of the round's voting age on it.
    """
    today = today or timezone.localdate()
    if not round.voting_opens <= today <= round.voting_closes:
        raise ValidationError(MSG_VOTING_CLOSED)
    if not voter_is_eligible(
        birth_date=voter.birth_date, is_resident=voter.is_resident, day=today, voting_age=round.voting_age
    ):
        raise ValidationError(MSG_NOT_ELIGIBLE.format(age=round.voting_age))
    checked = ballot_check(round=round, area=area, project_ids=project_ids)

    ballot = Ballot.objects.select_for_update().filter(round=round, voter=voter).first()
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(round=round, voter=voter, area=checked.area)
        except IntegrityError:
            # A concurrent request by the same voter inserted first; change that one.
            ballot = Ballot.objects.select_for_update().get(round=round, voter=voter)
    ballot.area = checked.area
    ballot.save(update_fields=["area", "updated_at"])
    _write_choices(ballot, checked.projects)
    return ballot


# --- Paper ballots ----------------------------------------------------------------

MSG_CSV_NUL = _("The file contains NUL characters: is it a text file?")
MSG_CSV_HEADER = _("The file needs the columns reference and projects; it has {columns}.")
MSG_CSV_ROW = _("Line {line}: {error}")
MSG_CSV_REFERENCE = _("the reference is empty")
MSG_CSV_REFERENCE_TWICE = _("reference {reference} appears twice in the file")
MSG_CSV_PROJECT_IDS = _("projects must be project ids separated by spaces or semicolons, not {value!r}")
MSG_CSV_OTHER_AREA = _("reference {reference} was imported earlier for {area}")
MSG_CSV_EMPTY = _("The file has no ballots.")
MSG_PAPER_WINDOW = _(
    "Paper ballots of {round} are imported after voting closes and before the results are published: "
    "from {first} to {last}."
)
MSG_PAPER_NO_WINDOW = _(
    "The results of {round} are published on the day after voting closes, which leaves no day for importing "
    "paper ballots."
)
_IDS = re.compile(r"^\s*\d+(?:\s*[;\s]\s*\d+)*\s*$")


class PaperImportError(ValueError):
    """The file is refused as a whole; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PaperImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        return str(_("{created} paper ballots created, {updated} updated, {unchanged} unchanged")).format(
            created=self.created, updated=self.updated, unchanged=self.unchanged
        )


def paper_ballots_window_check(*, round: BudgetRound, today: date | None = None) -> None:
    """Paper ballots are counted between voting's close and the results day
    (the round's counting phase): before it the voting is still going on, and
    from the results day on they would change a published result."""
    if round_phase(round=round, today=today) == "counting":
        return
    first, last = round.voting_closes + timedelta(days=1), round.results_on - timedelta(days=1)
    if first > last:
        raise PaperImportError([str(MSG_PAPER_NO_WINDOW).format(round=round)])
    raise PaperImportError(
        [
            str(MSG_PAPER_WINDOW).format(
                round=round,
                first=date_format(first, "SHORT_DATE_FORMAT"),
                last=date_format(last, "SHORT_DATE_FORMAT"),
            )
        ]
    )


@transaction.atomic
def paper_ballots_import(
    *, round: BudgetRound, area: Area, text: str, today: date | None = None
) -> PaperImportSummary:
    """Import one area's paper ballots from CSV text, all or nothing.

    Columns: `reference` (the number printed on the sheet, unique in the round)
    and `projects` (ids of the chosen projects, all-Helsinki and this area's,
    separated by spaces or semicolons). Each row keeps the same rules as an
    online ballot. Eligibility was checked at the polling place, so the file
    carries no personal data. A re-import replaces ballots by reference, so
    running a file twice changes nothing. Only in the counting window
    (paper_ballots_window_check); elsewhere nothing is stored.

    Imports into one round wait for each other (an advisory lock held until
    the transaction ends): two runs of one file at once would both find a
    reference new, and the second would fail on the unique constraint.
    """
    paper_ballots_window_check(round=round, today=today)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"budgeting.paper_ballots:{round.pk}"])
    try:
        area = budget_area_for_area(round=round, area=area)
    except GeometryError as exc:
        raise PaperImportError([str(exc)]) from None
    if "\x00" in text:
        raise PaperImportError([str(MSG_CSV_NUL)])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if not {"reference", "projects"} <= set(columns):
        raise PaperImportError([str(MSG_CSV_HEADER).format(columns=", ".join(columns) or "-")])
    reader.fieldnames = columns
    errors: list[str] = []
    rows: dict[str, CheckedChoice] = {}
    for line, row in enumerate(reader, start=2):
        reference = (row.get("reference") or "").strip()
        value = (row.get("projects") or "").strip()
        try:
            if not reference:
                raise ValidationError(MSG_CSV_REFERENCE)
            if reference in rows:
                raise ValidationError(MSG_CSV_REFERENCE_TWICE.format(reference=reference))
            if not _IDS.match(value):
                raise ValidationError(MSG_CSV_PROJECT_IDS.format(value=value[:100]))
            ids = [int(v) for v in re.split(r"[;\s]+", value.strip())]
            rows[reference] = ballot_check(round=round, area=area, project_ids=ids)
        except ValidationError as exc:
            errors.append(str(MSG_CSV_ROW).format(line=line, error=" ".join(exc.messages)))
    if not rows and not errors:
        errors.append(str(MSG_CSV_EMPTY))
    existing = {b.paper_reference: b for b in Ballot.objects.filter(round=round, paper_reference__in=rows)}
    for reference, ballot in existing.items():
        if ballot.area_id != area.pk:
            errors.append(str(MSG_CSV_OTHER_AREA).format(reference=reference, area=ballot.area))
    if errors:
        raise PaperImportError(errors)

    summary = PaperImportSummary()
    for reference, checked in rows.items():
        ballot = existing.get(reference)
        if ballot is None:
            ballot = Ballot.objects.create(
                round=round, channel=Ballot.Channel.PAPER, paper_reference=reference, area=area
            )
            summary.created += 1
        elif set(ballot.choices.values_list("project_id", flat=True)) == {p.pk for p in checked.projects}:
            summary.unchanged += 1
            continue
        else:
            summary.updated += 1
            ballot.save(update_fields=["updated_at"])
        _write_choices(ballot, checked.projects)
    return summary


def ballot_view(*, round: BudgetRound, voter: Voter, today: date | None = None) -> dict:
    """What the voter sees of their own ballot: never shown to anyone else."""
    today = today or timezone.localdate()
    ballot = Ballot.objects.filter(round=round, voter=voter).select_related("area__division").first()
    is_open = round.voting_opens <= today <= round.voting_closes
    eligible = voter_is_eligible(
        birth_date=voter.birth_date, is_resident=voter.is_resident, day=today, voting_age=round.voting_age
    )
    message = None
    if not is_open:
        message = str(MSG_VOTING_CLOSED)
    elif not eligible:
        message = str(MSG_NOT_ELIGIBLE).format(age=round.voting_age)
    return {
        "round": round.pk,
        "area": ballot.area if ballot else None,
        "suggested_area": voter_home_area(round=round, voter=voter),
        "projects": sorted(ballot.choices.values_list("project_id", flat=True)) if ballot else [],
        "has_voted": ballot is not None,
        "can_vote": is_open and eligible,
        "message": message,
        "updated_at": ballot.updated_at if ballot else None,
    }
