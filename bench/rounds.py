"""A budget round of the bench's own, far in the future so that it meets no real or demo round."""

from __future__ import annotations

import datetime

from areas.models import DivisionType
from budgeting.models import BudgetRound


def bench_round(*, year: int, name: str, division: DivisionType) -> BudgetRound:
    """The round of `year` (created once, with every phase inside that year), whatever its phase today."""
    round_, _ = BudgetRound.objects.get_or_create(
        year=year,
        defaults=dict(
            name=name, total_sum=1, all_helsinki_share=0, division=division,
            proposals_opens=datetime.date(year, 1, 1), proposals_closes=datetime.date(year, 3, 31),
            planning_opens=datetime.date(year, 4, 1), planning_closes=datetime.date(year, 9, 30),
            voting_opens=datetime.date(year, 10, 1), voting_closes=datetime.date(year, 10, 31),
            results_on=datetime.date(year, 11, 5), implementation_until=datetime.date(year + 2, 12, 31),
        ),
    )  # fmt: skip
    return round_
