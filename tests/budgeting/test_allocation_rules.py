"""The largest-remainder split at its edges: ties, ranks, the extra euros, half-up rounding.

Expected values are worked out by hand from the rule (floor of amount × pop / total,
the leftover euros one each by the largest remainder, ties: larger population, then order).
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from budgeting.allocation import Part, all_helsinki_sum, split_by_population


def by_key(parts):
    return {p.key: p for p in parts}


class TestAllHelsinkiSum:
    @pytest.mark.parametrize(
        ("total", "share", "expected"),
        [
            (1000, Decimal("0.25"), 250),  # exact
            (1001, Decimal("0.5"), 501),  # 500.5: half up
            (999, Decimal("0.5"), 500),  # 499.5: half up
            (1000, Decimal("0.0004"), 0),  # 0.4: down
            (1000, Decimal("0.0006"), 1),  # 0.6: up
            (1000, Decimal("0"), 0),
            (1000, Decimal("1"), 1000),
        ],
    )
    def test_total_times_share_in_whole_euros_half_up(self, total, share, expected):
        assert all_helsinki_sum(total=total, share=share) == expected


class TestTieBreak:
    def test_equal_remainders_go_to_the_larger_population_first(self):
        # 2 € over populations 1 and 3: quotas 0.5 and 1.5, floors 0 and 1, one euro left,
        # equal remainders (.5): the larger population (3) gets it → 0 and 2.
        parts = by_key(split_by_population(amount=2, populations={"small": 1, "large": 3}, order={"small": "1", "large": "2"}))
        assert (parts["small"].amount, parts["large"].amount) == (0, 2)
        assert parts["large"].got_extra_euro is True and parts["small"].got_extra_euro is False
        assert (parts["large"].remainder_rank, parts["small"].remainder_rank) == (1, 2)

    def test_equal_remainders_and_populations_go_by_order(self):
        # 1 € over two equal populations: quotas 0.5 each; the lower order value first.
        parts = by_key(split_by_population(amount=1, populations={"a": 5, "b": 5}, order={"a": "2", "b": "1"}))
        assert (parts["a"].amount, parts["b"].amount) == (0, 1)

    def test_a_key_without_order_sorts_before_keys_with_one(self):
        # The missing order counts as the empty string, which sorts before any code.
        parts = by_key(split_by_population(amount=1, populations={"a": 5, "b": 5}, order={"a": "1"}))
        assert (parts["a"].amount, parts["b"].amount) == (0, 1)

    def test_the_larger_remainder_beats_the_larger_population(self):
        # 2 € over 2 and 3: quotas 0.8 and 1.2, floors 0 and 1, one euro left: .8 beats .2.
        parts = by_key(split_by_population(amount=2, populations={"small": 2, "large": 3}, order={"small": "1", "large": "2"}))
        assert (parts["small"].amount, parts["large"].amount) == (1, 1)
        assert (parts["small"].remainder_rank, parts["large"].remainder_rank) == (1, 2)


class TestParts:
    def test_every_field_of_a_part(self):
        # 7 over 1, 2, 4 (total 7): exact quotas 1, 2, 4, no euro left over.
        parts = split_by_population(amount=7, populations={"a": 1, "b": 2, "c": 4}, order={"a": "1", "b": "2", "c": "3"})
        # All remainders are 0: ranked by population, largest first.
        assert parts == [
            Part(key="c", population=4, quota=Fraction(4), amount=4, remainder_rank=1, got_extra_euro=False),
            Part(key="b", population=2, quota=Fraction(2), amount=2, remainder_rank=2, got_extra_euro=False),
            Part(key="a", population=1, quota=Fraction(1), amount=1, remainder_rank=3, got_extra_euro=False),
        ]

    def test_leftover_euros_go_one_each_down_the_ranking(self):
        # 5 over 3 equal populations: quotas 5/3, floors 1 each, 2 euros left for ranks 1 and 2.
        parts = split_by_population(amount=5, populations={"a": 1, "b": 1, "c": 1}, order={"a": "1", "b": "2", "c": "3"})
        assert [(p.key, p.amount, p.remainder_rank, p.got_extra_euro) for p in parts] == [
            ("a", 2, 1, True),
            ("b", 2, 2, True),
            ("c", 1, 3, False),
        ]
        assert [p.quota for p in parts] == [Fraction(5, 3)] * 3

    def test_a_single_key_gets_everything(self):
        [part] = split_by_population(amount=5, populations={"only": 1}, order={})
        assert (part.amount, part.quota, part.remainder_rank, part.got_extra_euro) == (5, Fraction(5), 1, False)

    @pytest.mark.parametrize("populations", [{}, {"a": 0}, {"a": 0, "b": 0}])
    def test_no_population_is_refused(self, populations):
        with pytest.raises(ValueError, match=r"^populations must add up to more than zero$"):
            split_by_population(amount=10, populations=populations, order={})
