"""A round's results: which projects the votes fund, area by area.

The rule, per budget (each area's sum, and the all-Helsinki sum):

1. rank the area's projects on the ballot by votes, most first;
2. equal votes: the cheaper project first (it leaves more for the others),
   then the one created earlier, then the lower id — so the order is total
   and the same every time;
3. walk down the ranking: a project whose cost fits in what is left is funded
   and its cost subtracted; one that no longer fits is skipped, and the next
   is tried (a cheaper project further down can still be funded).

Votes are counted in PostgreSQL from the ballots' choices; nothing here knows
or returns who voted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from .models import AreaAllocation, Ballot, BudgetRound, Project


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
    """Rank by votes (ties: cost, then creation order) and fund greedily, skipping misfits."""
    ranked = sorted(candidates, key=lambda c: (-c.votes, c.cost, c.order))
    remaining = budget
    outcomes = []
    for rank, candidate in enumerate(ranked, start=1):
        funded = candidate.cost <= remaining
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
    turnout: Decimal | None  # ballots / population (all ages: the data has no age groups)
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
        turnout = (
            (Decimal(ballots) / Decimal(allocation.population)).quantize(Decimal("0.000001"))
            if allocation.population
            else None
        )
        results.append(
            AreaResult(
                allocation=allocation,
                ballots=ballots,
                turnout=turnout,
                projects=[(by_pk[o.key], o) for o in outcomes],
            )
        )
    return results


def round_winner_ids(*, round: BudgetRound) -> list[int]:
    return [p.pk for result in round_results(round=round) for p, o in result.projects if o.funded]
