"""The largest-remainder split of a sum by population, in exact arithmetic.

Kept free of the ORM: services.allocation_compute feeds it populations and
stores what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Part:
    key: object
    population: int
    quota: Fraction  # the exact share in euros
    amount: int  # whole euros after rounding
    remainder_rank: int  # 1 = the largest fraction lost in flooring
    got_extra_euro: bool


def all_helsinki_sum(*, total: int, share: Decimal) -> int:
    """total × share in whole euros (half up); the areas share what is left."""
    return int((Decimal(total) * Decimal(share)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_by_population(*, amount: int, populations: dict[object, int], order: dict[object, str]) -> list[Part]:
    """Split `amount` euros between keys in proportion to `populations`.

    Each key first gets the floor of its exact quota; the euros left over (fewer
    than the number of keys) go one each to the keys with the largest fractional
    remainders. Equal remainders: the larger population first, then `order`
    (e.g. the area code). The parts add up to `amount` exactly.
    """
    total_population = sum(populations.values())
    if total_population <= 0:
        raise ValueError("populations must add up to more than zero")
    quotas = {key: Fraction(amount * pop, total_population) for key, pop in populations.items()}
    floors = {key: q.numerator // q.denominator for key, q in quotas.items()}
    left = amount - sum(floors.values())
    ranking = sorted(
        quotas, key=lambda key: (-(quotas[key] - floors[key]), -populations[key], order.get(key, ""))
    )
    rank = {key: i + 1 for i, key in enumerate(ranking)}
    return [
        Part(
            key=key,
            population=populations[key],
            quota=quotas[key],
            amount=floors[key] + (1 if rank[key] <= left else 0),
            remainder_rank=rank[key],
            got_extra_euro=rank[key] <= left,
        )
        for key in ranking
    ]
