"""Budgeting's limits, each at the limit, one inside and one outside: the voting
period's first and last day, a ballot's cost against the area's and the city's
sum, a project's cost on entering the vote, and the voting age (its default too)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from areas.models import DivisionType
from budgeting import services, voting
from budgeting.models import Ballot, BudgetRound, Project

from map_ui.numbers import euros

from .conftest import suurpiiri

OPENS, CLOSES = date(2025, 10, 1), date(2025, 10, 31)  # make_round's voting period
DAY = timedelta(days=1)
# The round's all-Helsinki sum by the rule: 20 % of 4 400 000 EUR (make_round).
CITY_SUM = 880_000
# OmaStadi's voting age (README: "a Helsinki resident aged 12 or more on the day").
VOTING_AGE = 12


def cast(voter, round, project_ids, *, area=None, today=date(2025, 10, 15)):
    return voting.ballot_cast(voter=voter, round=round, area=area, project_ids=project_ids, today=today)


@pytest.mark.parametrize(
    "today, is_open",
    [
        (OPENS - DAY, False),
        (OPENS, True),
        (OPENS + DAY, True),
        (CLOSES - DAY, True),
        (CLOSES, True),  # the last voting day counts in full
        (CLOSES + DAY, False),
    ],
)
def test_voting_period_includes_its_first_and_last_day(budget_round, make_voter, make_project, today, is_open):
    assert (budget_round.voting_opens, budget_round.voting_closes) == (OPENS, CLOSES)
    project = make_project(area_code=None)
    voter = make_voter()
    assert voting.ballot_view(round=budget_round, voter=voter, today=today)["can_vote"] is is_open
    if is_open:
        cast(voter, budget_round, [project.pk], today=today)
        assert Ballot.objects.filter(voter=voter).count() == 1
    else:
        with pytest.raises(ValidationError) as exc:
            cast(voter, budget_round, [project.pk], today=today)
        assert exc.value.messages == [str(voting.MSG_VOTING_CLOSED)]
        assert not Ballot.objects.filter(voter=voter).exists()


@pytest.mark.parametrize("over", [-1, 0, 1])
def test_a_ballot_may_cost_the_whole_area_sum_and_not_a_euro_more(budget_round, make_voter, make_project, over):
    area = suurpiiri("1")
    area_sum = services.allocation_amount(round=budget_round, area=area)
    # Two projects that together cost the sum (+ over); each alone fits and may enter the vote.
    first = make_project(cost=area_sum // 2, title="First")
    second = make_project(cost=area_sum - area_sum // 2, title="Second")
    Project.objects.filter(pk=second.pk).update(cost=area_sum - area_sum // 2 + over)
    voter = make_voter()
    if over <= 0:
        cast(voter, budget_round, [first.pk, second.pk], area=area)
        assert Ballot.objects.get(voter=voter).choices.count() == 2
    else:
        with pytest.raises(ValidationError) as exc:
            cast(voter, budget_round, [first.pk, second.pk], area=area)
        assert exc.value.messages == [
            str(voting.MSG_OVER_AREA_BUDGET).format(area=area, cost=euros(area_sum + over), budget=euros(area_sum))
        ]
        assert not Ballot.objects.filter(voter=voter).exists()


@pytest.mark.parametrize("over", [-1, 0, 1])
def test_a_ballot_may_cost_the_whole_city_sum_and_not_a_euro_more(budget_round, make_voter, make_project, over):
    assert services.allocation_amount(round=budget_round, area=None) == CITY_SUM
    first = make_project(cost=CITY_SUM // 2, area_code=None, title="First")
    second = make_project(cost=CITY_SUM // 2, area_code=None, title="Second")
    Project.objects.filter(pk=second.pk).update(cost=CITY_SUM // 2 + over)
    voter = make_voter()
    if over <= 0:
        cast(voter, budget_round, [first.pk, second.pk])
        assert Ballot.objects.get(voter=voter).choices.count() == 2
    else:
        with pytest.raises(ValidationError) as exc:
            cast(voter, budget_round, [first.pk, second.pk])
        assert exc.value.messages == [
            str(voting.MSG_OVER_CITY_BUDGET).format(cost=euros(CITY_SUM + over), budget=euros(CITY_SUM))
        ]


@pytest.mark.parametrize("over", [-1, 0, 1])
def test_a_project_may_cost_its_area_sum_to_enter_the_vote(budget_round, make_project, over):
    # Entered while planning (the last day): from the day voting opens the ballot is frozen.
    area = suurpiiri("1")
    area_sum = services.allocation_amount(round=budget_round, area=area)
    project = make_project(cost=area_sum + over, on_ballot=False)
    if over <= 0:
        services.project_enter_vote(project=project, today=budget_round.planning_closes)
        project.refresh_from_db()
        assert project.on_ballot
    else:
        with pytest.raises(ValidationError) as exc:
            services.project_enter_vote(project=project, today=budget_round.planning_closes)
        assert exc.value.messages == [
            str(services.MSG_COST_OVER_BUDGET).format(cost=euros(area_sum + over), budget=euros(area_sum), scope=area)
        ]
        project.refresh_from_db()
        assert not project.on_ballot


def round_without_voting_age() -> BudgetRound:
    """A round as make_round makes it, but leaving the voting age to the model's default."""
    return BudgetRound.objects.create(
        year=2025,
        name="OmaStadi 2025",
        total_sum=4_400_000,
        all_helsinki_share=Decimal("0.2"),
        division=DivisionType.objects.get(slug="suurpiiri"),
        proposals_opens=date(2025, 1, 1),
        proposals_closes=date(2025, 3, 31),
        planning_opens=date(2025, 4, 1),
        planning_closes=date(2025, 9, 30),
        voting_opens=OPENS,
        voting_closes=CLOSES,
        results_on=date(2025, 11, 5),
        implementation_until=date(2027, 12, 31),
    )


def test_a_rounds_voting_age_is_twelve_unless_set(db):
    """Every other test passes 12 explicitly: a changed default fails here (and in
    make test's makemigrations --check, tests/test_migrations.py)."""
    round = round_without_voting_age()
    round.refresh_from_db()
    assert round.voting_age == VOTING_AGE


@pytest.mark.parametrize(
    "birth_date, eligible",
    [
        (date(2025 - VOTING_AGE, 10, 14), True),  # a day past the birthday
        (date(2025 - VOTING_AGE, 10, 15), True),  # the birthday is the voting day
        (date(2025 - VOTING_AGE, 10, 16), False),  # the birthday is tomorrow
    ],
)
def test_voting_age_on_the_voting_day_with_the_default_age(demo_areas, make_voter, birth_date, eligible):
    round = round_without_voting_age()
    services.allocation_compute(round=round)
    project = services.project_create(
        round=round, title="Penkit", description="A plan.", cost=1000, area=None, all_helsinki=True
    )
    services.project_enter_vote(project=project, today=round.planning_closes)
    voter = make_voter(birth_date=birth_date)
    if eligible:
        cast(voter, round, [project.pk])
        assert Ballot.objects.filter(voter=voter, round=round).exists()
    else:
        with pytest.raises(ValidationError) as exc:
            cast(voter, round, [project.pk])
        assert exc.value.messages == [str(voting.MSG_NOT_ELIGIBLE).format(age=VOTING_AGE)]
