"""A round's results: which projects the votes fund, area by area.

The rule, per budget (each area's sum, and the all-Helsinki sum):

1. rank the area's projects on the ballot by votes, most first;
2. equal votes: the cheaper project first (it leaves more for the others),
   then the one created earlier, then the lower id — so the order is total
   and the same every time;
3. walk down the ranking: a project whose cost fits in what is left is funded
   and its cost subtracted; one that no longer fits is skipped, and the next
   is tried (a cheaper project further down can still be funded);
4. a project needs at least MIN_VOTES votes: one nobody voted for is not
   funded, however much is left.

Turnout is ballots over the residents of voting age when the allocation knows
them for every area counted (Area.eligible_population), else over the whole
population; each budget says which base it used.

Votes are counted in PostgreSQL from the ballots' choices; nothing here knows
or returns who voted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import AreaAllocation, Ballot, BudgetRound, Project

MIN_VOTES = 1

RESULTS_RULE = _(
    "Projects are ranked by votes, most first; equal votes: the cheaper project first, then the one created "
    "earlier, then the lower id. Going down the ranking, a project is funded when its cost fits in what is "
    "left of the sum; one that no longer fits is skipped and the next is tried. A project needs at least one "
    "vote to be funded. Turnout is ballots divided by the residents of voting age (turnout_base "
    "\"eligible\") when their number is known for every area counted, otherwise by the whole population "
    "(turnout_base \"population\")."
)

TURNOUT_ELIGIBLE = "eligible"
TURNOUT_POPULATION = "population"


@dataclass(frozen=True)
class Candidate:
    key: object
    votes: int
    cost: int
    order: tuple  # (created_at, id): the last tie-breakers


@dataclass(frozen=True)
class Outcome:
    key: object
    rank: int
    votes: int
    cost: int
    funded: bool
    remaining_after: int  # what is left of the sum after this project was decided


def rank_and_fund(*, candidates: list[Candidate], budget: int) -> list[Outcome]:
    """Rank by votes (ties: cost, then creation order) and fund greedily, skipping
    misfits and projects with fewer than MIN_VOTES votes."""
    ranked = sorted(candidates, key=lambda c: (-c.votes, c.cost, c.order))
    remaining = budget
    outcomes = []
    for rank, candidate in enumerate(ranked, start=1):
        funded = candidate.votes >= MIN_VOTES and candidate.cost <= remaining
        if funded:
            remaining -= candidate.cost
        outcomes.append(
            Outcome(
                key=candidate.key,
                rank=rank,
                votes=candidate.votes,
                cost=candidate.cost,
                funded=funded,
                remaining_after=remaining,
            )
        )
    return outcomes


@dataclass
class AreaResult:
    allocation: AreaAllocation
    ballots: int
    turnout: Decimal | None  # ballots / the base below
    turnout_base: str  # TURNOUT_ELIGIBLE or TURNOUT_POPULATION
    projects: list[tuple[Project, Outcome]]

    @property
    def spent(self) -> int:
        return sum(o.cost for _p, o in self.projects if o.funded)


def round_results(*, round: BudgetRound) -> list[AreaResult]:
    """All of Helsinki first, then each budget area by code."""
    allocations = list(AreaAllocation.objects.filter(round=round).select_related("area").order_by("area__code"))
    allocations.sort(key=lambda a: (a.area_id is not None,))
    projects = list(
        Project.objects.filter(round=round, on_ballot=True)
        .select_related("area")
        .annotate(votes=Count("choices"))
    )
    ballots_by_area = dict(
        Ballot.objects.filter(round=round).values_list("area_id").annotate(n=Count("id")).values_list("area_id", "n")
    )
    all_ballots = Ballot.objects.filter(round=round).count()
    results = []
    for allocation in allocations:
        own = [p for p in projects if p.area_id == allocation.area_id]
        by_pk = {p.pk: p for p in own}
        outcomes = rank_and_fund(
            candidates=[Candidate(key=p.pk, votes=p.votes, cost=p.cost, order=(p.created_at, p.pk)) for p in own],
            budget=allocation.amount,
        )
        # Every ballot may vote on the all-Helsinki projects; area ballots only in their area.
        ballots = all_ballots if allocation.area_id is None else ballots_by_area.get(allocation.area_id, 0)
        if allocation.eligible_population is not None:
            base, base_kind = allocation.eligible_population, TURNOUT_ELIGIBLE
        else:
            base, base_kind = allocation.population, TURNOUT_POPULATION
        turnout = (Decimal(ballots) / Decimal(base)).quantize(Decimal("0.000001")) if base else None
        results.append(
            AreaResult(
                allocation=allocation,
                ballots=ballots,
                turnout=turnout,
                turnout_base=base_kind,
                projects=[(by_pk[o.key], o) for o in outcomes],
            )
        )
    return results


def results_snapshot(*, results: list[AreaResult]) -> list[dict]:
    """The numbers of a count, as stored in RoundResult.budgets: ids, not names
    (names and titles are read when shown; they are not part of the result)."""
    return [
        {
            "area_id": result.allocation.area_id,
            "sum": result.allocation.amount,
            "spent": result.spent,
            "population": result.allocation.population,
            "eligible_population": result.allocation.eligible_population,
            "ballots": result.ballots,
            "turnout": str(result.turnout) if result.turnout is not None else None,
            "turnout_base": result.turnout_base,
            "projects": [
                {
                    "id": project.pk, "cost": o.cost, "votes": o.votes, "rank": o.rank, "funded": o.funded,
                    "remaining_after": o.remaining_after,
                }
                for project, o in result.projects
            ],
        }
        for result in results
    ]  # fmt: skip


def snapshot_winner_ids(budgets: list[dict]) -> list[int]:
    return [p["id"] for budget in budgets for p in budget["projects"] if p["funded"]]
