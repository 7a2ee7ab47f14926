"""The results rule at its edges: a cost equal to what is left, one euro over and under,
ranks, and what each outcome carries. Pure: no database (round_results is in
test_results_rounds.py)."""

from datetime import datetime, timezone

from budgeting.results import Candidate, Outcome, rank_and_fund

T0 = datetime(2025, 5, 1, tzinfo=timezone.utc)


class TestRankAndFund:
    def test_every_field_of_every_outcome(self):
        out = rank_and_fund(
            candidates=[Candidate("b", 2, 70, (T0, 2)), Candidate("a", 3, 40, (T0, 1)), Candidate("c", 1, 60, (T0, 3))],
            budget=100,
        )
        # a (3 votes) funded: 60 left; b (70) does not fit; c (60) is exactly what is left.
        assert out == [
            Outcome(key="a", rank=1, votes=3, cost=40, funded=True, remaining_after=60),
            Outcome(key="b", rank=2, votes=2, cost=70, funded=False, remaining_after=60),
            Outcome(key="c", rank=3, votes=1, cost=60, funded=True, remaining_after=0),
        ]

    def test_a_cost_one_euro_over_what_is_left_is_skipped(self):
        out = rank_and_fund(candidates=[Candidate("x", 1, 101, (T0, 1))], budget=100)
        assert out == [Outcome(key="x", rank=1, votes=1, cost=101, funded=False, remaining_after=100)]

    def test_a_cost_one_euro_under_is_funded(self):
        out = rank_and_fund(candidates=[Candidate("x", 1, 99, (T0, 1))], budget=100)
        assert out == [Outcome(key="x", rank=1, votes=1, cost=99, funded=True, remaining_after=1)]

    def test_no_candidates(self):
        assert rank_and_fund(candidates=[], budget=100) == []
