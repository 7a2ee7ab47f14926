"""A round's results in order (all of Helsinki first), with its ballots, turnout and winners."""

from decimal import Decimal

from budgeting import voting
from budgeting.results import results_snapshot, round_results, snapshot_winner_ids

from .conftest import VOTING_DAY, suurpiiri


def round_winner_ids(*, round):
    """The funded projects of a live count, as the stored result lists them."""
    return snapshot_winner_ids(results_snapshot(results=round_results(round=round)))


class TestRoundResults:
    def test_all_helsinki_first_then_areas_by_code(self, budget_round):
        results = round_results(round=budget_round)
        assert [r.allocation.area.code if r.allocation.area else None for r in results] == [
            None, "1", "2", "3", "4", "5", "6", "7",
        ]

    def test_ballots_and_turnout_per_budget(self, budget_round, make_voter, make_project):
        south = make_project(cost=100_000, title="South")
        city = make_project(cost=100_000, area_code=None, title="City")
        west = make_project(cost=100_000, area_code="2", title="West")
        for area, ids in (("1", [south.pk, city.pk]), ("1", [south.pk]), ("2", [west.pk])):
            voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri(area), project_ids=ids, today=VOTING_DAY)
        results = {r.allocation.area.code if r.allocation.area else None: r for r in round_results(round=budget_round)}
        # Every ballot may vote on the all-Helsinki projects; area ballots count in their area.
        assert (results[None].ballots, results["1"].ballots, results["2"].ballots, results["3"].ballots) == (3, 2, 1, 0)
        population = results["1"].allocation.population
        assert results["1"].turnout == (Decimal(2) / Decimal(population)).quantize(Decimal("0.000001"))
        city_population = results[None].allocation.population
        assert results[None].turnout == (Decimal(3) / Decimal(city_population)).quantize(Decimal("0.000001"))
        assert [(p.title, o.votes) for p, o in results[None].projects] == [("City", 1)]
        assert sorted(round_winner_ids(round=budget_round)) == sorted([south.pk, city.pk, west.pk])

    def test_projects_off_the_ballot_and_unfunded_ones_are_no_winners(self, budget_round, make_voter, make_project):
        # Southern has 657 660 EUR: the voted 400 000 fits, the unvoted 400 000 then no longer does.
        voted = make_project(cost=400_000, title="Voted")
        make_project(cost=400_000, title="Unvoted")
        make_project(title="Off", on_ballot=False)
        voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[voted.pk], today=VOTING_DAY)
        south = {r.allocation.area.code if r.allocation.area else None: r for r in round_results(round=budget_round)}["1"]
        assert [(p.title, o.votes, o.funded) for p, o in south.projects] == [("Voted", 1, True), ("Unvoted", 0, False)]
        assert south.spent == 400_000
        assert round_winner_ids(round=budget_round) == [voted.pk]
