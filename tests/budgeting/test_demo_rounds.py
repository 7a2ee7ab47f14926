"""The demo's rounds relative to the day load_demo_budgeting runs: one voting, one taking proposals, one past."""

from datetime import date, timedelta

import pytest

from budgeting import services, voting
from budgeting.demo import DEMO_YEAR, demo_budgeting_load
from budgeting.models import BudgetRound, Proposal
from budgeting.phases import round_phase, round_results_public
from budgeting.selectors import round_budget_areas

from .conftest import make_round

# An ordinary day, New Year's Day (the voting round's earlier phases lie in the year before),
# a leap day in DEMO_YEAR itself (the past round must move to the year before).
DAYS = [date(2026, 12, 4), date(2027, 1, 1), date(DEMO_YEAR, 2, 29)]


def demo_rounds() -> list[BudgetRound]:
    return list(BudgetRound.objects.filter(is_demo=True).order_by("year"))


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_one_round_votes_and_the_next_takes_proposals_on_the_day(demo_areas, make_voter, today):
    demo_budgeting_load(today=today)
    past, voting_round, proposals_round = demo_rounds()
    assert (past.year, voting_round.year, proposals_round.year) == (
        min(DEMO_YEAR, today.year - 1), today.year, today.year + 1
    )

    # The voting round: voting on the day, planning the day before it opened, counting after it closes.
    assert voting_round.voting_opens <= today <= voting_round.voting_closes
    assert round_phase(round=voting_round, today=today) == "voting"
    assert round_phase(round=voting_round, today=voting_round.voting_opens) == "voting"
    assert round_phase(round=voting_round, today=voting_round.voting_opens - timedelta(days=1)) == "planning"
    assert round_phase(round=voting_round, today=voting_round.voting_closes) == "voting"
    assert round_phase(round=voting_round, today=voting_round.voting_closes + timedelta(days=1)) == "counting"
    areas = list(round_budget_areas(round=voting_round))
    allocated = set(voting_round.allocations.values_list("area_id", flat=True))
    assert allocated == {a.pk for a in areas} | {None}
    on_ballot = voting_round.projects.filter(on_ballot=True)
    assert set(on_ballot.values_list("area_id", flat=True)) == {a.pk for a in areas} | {None}
    # A resident of voting age votes on the day within both sums.
    area = areas[0]
    local = on_ballot.filter(area=area).order_by("cost").first()
    city = on_ballot.filter(area=None).order_by("cost").first()
    assert local.cost <= services.allocation_amount(round=voting_round, area=area)
    voter = make_voter(birth_date=date(1990, 6, 1))
    ballot = voting.ballot_cast(voter=voter, round=voting_round, area=area, project_ids=[local.pk, city.pk], today=today)
    assert ballot.choices.count() == 2

    # The proposals round: proposals open on the day and from the day it opened, not the day before.
    assert round_phase(round=proposals_round, today=today) == "proposals"
    assert services.proposals_open(round=proposals_round, today=today)
    assert services.proposals_open(round=proposals_round, today=proposals_round.proposals_opens)
    assert not services.proposals_open(round=proposals_round, today=proposals_round.proposals_opens - timedelta(days=1))
    assert services.proposals_open(round=proposals_round, today=proposals_round.proposals_closes)
    assert not services.proposals_open(round=proposals_round, today=proposals_round.proposals_closes + timedelta(days=1))
    proposals = Proposal.objects.filter(round=proposals_round)
    assert proposals.count() >= 3 and proposals.filter(all_helsinki=True).exists()
    assert not proposals_round.projects.exists()

    # The past round: its results are public on the day.
    assert round_results_public(round=past, today=today)
    assert past.result.budgets and past.ballots.exists()


def test_a_rerun_moves_the_demo_rounds_and_leaves_a_real_round_alone(demo_areas):
    first, later = date(2026, 12, 4), date(2028, 6, 10)
    demo_budgeting_load(today=first)
    real = make_round(year=later.year)
    real_dates = (real.proposals_opens, real.voting_opens, real.results_on)
    message = demo_budgeting_load(today=later)
    assert f"A real budget round for {later.year} exists; no demo round was made for it." in message.splitlines()
    assert [r.year for r in demo_rounds()] == [DEMO_YEAR, later.year + 1]
    real.refresh_from_db()
    assert (real.is_demo, (real.proposals_opens, real.voting_opens, real.results_on)) == (False, real_dates)
    assert round_phase(round=demo_rounds()[1], today=later) == "proposals"
