"""The results rule on crafted cases: ranking, ties, skipping a project that no longer fits."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from budgeting import voting
from budgeting.results import Candidate, rank_and_fund, round_results

from .conftest import VOTING_DAY, suurpiiri

T0 = datetime(2025, 5, 1, tzinfo=timezone.utc)
T1 = datetime(2025, 5, 2, tzinfo=timezone.utc)


def funded(outcomes):
    return [o.key for o in outcomes if o.funded]


def ranked(outcomes):
    return [o.key for o in outcomes]


class TestRule:
    def test_funded_in_order_of_votes(self):
        out = rank_and_fund(
            candidates=[Candidate("a", 10, 40, (T0, 1)), Candidate("b", 30, 50, (T0, 2)), Candidate("c", 20, 10, (T0, 3))],
            budget=100,
        )
        assert ranked(out) == ["b", "c", "a"] and funded(out) == ["b", "c", "a"]
        assert [o.remaining_after for o in out] == [50, 40, 0]

    def test_a_project_that_no_longer_fits_is_skipped_and_the_next_tried(self):
        out = rank_and_fund(
            candidates=[
                Candidate("first", 100, 60, (T0, 1)),
                Candidate("too-big", 90, 50, (T0, 2)),  # 40 left: skipped
                Candidate("fits", 80, 30, (T0, 3)),  # funded from what is left
                Candidate("no-longer", 70, 20, (T0, 4)),  # 10 left: skipped
                Candidate("tiny", 1, 10, (T0, 5)),  # exactly fits
            ],
            budget=100,
        )
        assert funded(out) == ["first", "fits", "tiny"]
        assert [o.funded for o in out] == [True, False, True, False, True]

    def test_ties_cheaper_first_then_earlier_then_lower_id(self):
        out = rank_and_fund(
            candidates=[
                Candidate("late", 5, 10, (T1, 1)),
                Candidate("dear", 5, 20, (T0, 2)),
                Candidate("early-high-id", 5, 10, (T0, 9)),
                Candidate("early-low-id", 5, 10, (T0, 3)),
            ],
            budget=25,
        )
        assert ranked(out) == ["early-low-id", "early-high-id", "late", "dear"]
        # The tie decides who is funded: 10 + 10 = 20, then 'late' (10) no longer fits, nor 'dear'.
        assert funded(out) == ["early-low-id", "early-high-id"]

    def test_nothing_fits(self):
        assert funded(rank_and_fund(candidates=[Candidate("x", 3, 200, (T0, 1))], budget=100)) == []


class TestRoundResults:
    def test_votes_counted_per_area_with_turnout(self, budget_round, make_voter, make_project):
        # Eteläinen has about 700 000 EUR.
        # Eteläinen's sum is 657 660 EUR.
        popular = make_project(cost=600_000, title="Popular")
        second = make_project(cost=200_000, title="Second")  # no longer fits after Popular: skipped
        third = make_project(cost=50_000, title="Third")  # fits in the 57 660 EUR left
        city = make_project(cost=800_000, area_code=None, title="City")
        for ids in ([popular.pk, city.pk], [popular.pk], [popular.pk, third.pk], [second.pk], [second.pk]):
            voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=ids, today=VOTING_DAY)
        results = {r.allocation.area.code if r.allocation.area else None: r for r in round_results(round=budget_round)}
        south = results["1"]
        assert [(p.title, o.votes, o.funded) for p, o in south.projects] == [
            ("Popular", 3, True),
            ("Second", 2, False),
            ("Third", 1, True),
        ]
        assert south.ballots == 5 and south.turnout == Decimal("0.000040")  # 5 / 123 568
        assert south.spent == 650_000
        assert [(p.title, o.funded) for p, o in results[None].projects] == [("City", True)]
        assert results["7"].ballots == 0 and results["7"].projects == []


def test_results_wait_for_the_results_day(api_client, budget_round, make_user):
    budget_round.results_on = date(2999, 1, 1)
    budget_round.implementation_until = date(2999, 12, 31)
    budget_round.save()
    response = api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/results/")
    assert response.status_code == 403 and "published on 2999-01-01" in response.json()["detail"]
    api_client.force_authenticate(make_user(planner=True))
    assert api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/results/").status_code == 200
