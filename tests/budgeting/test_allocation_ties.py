"""Equal remainders in the largest-remainder split: the larger population first, then the order."""

import pytest

from budgeting.allocation import split_by_population


@pytest.mark.parametrize(
    "amount, populations, order, expected",
    [
        # 2 EUR over 1 and 3: quotas 0.5 and 1.5, both lose .5 in flooring; the
        # extra euro goes to the larger population whatever the order says.
        (2, {"small": 1, "large": 3}, {"small": "1", "large": "2"}, {"small": 0, "large": 2}),
        (2, {"small": 1, "large": 3}, {"small": "2", "large": "1"}, {"small": 0, "large": 2}),
        # Listed the other way round: the same answer.
        (2, {"large": 3, "small": 1}, {}, {"small": 0, "large": 2}),
        # 1 EUR over equal populations: the order decides (the smaller code first).
        (1, {"a": 1, "b": 1}, {"a": "2", "b": "1"}, {"a": 0, "b": 1}),
    ],
)
def test_equal_remainders_go_to_the_larger_population_then_the_order(amount, populations, order, expected):
    parts = {p.key: p for p in split_by_population(amount=amount, populations=populations, order=order)}
    assert {key: part.amount for key, part in parts.items()} == expected
    winner = max(expected, key=expected.get)
    assert parts[winner].remainder_rank == 1 and parts[winner].got_extra_euro
    assert [not p.got_extra_euro for k, p in parts.items() if k != winner] == [True]
