"""A luotsi's active period, at its first and last day, inside and outside it; and
the period's order (the last day may be the first, not before it)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError

from luotsit.models import Luotsi

FIRST, LAST = datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "on, serving",
    [(FIRST - DAY, False), (FIRST, True), (FIRST + DAY, True), (LAST - DAY, True), (LAST, True), (LAST + DAY, False)],
)
def test_a_luotsi_serves_from_the_first_to_the_last_day_of_the_period(db, on, serving):
    luotsi = Luotsi.objects.create(name="Kausiluotsi", active_from=FIRST, active_to=LAST)
    assert (luotsi in Luotsi.objects.active(on=on)) is serving


@pytest.mark.parametrize("open_end", ["active_from", "active_to"])
def test_an_open_end_has_no_limit_on_that_side(db, open_end):
    luotsi = Luotsi.objects.create(name="Avoin", **{"active_from": FIRST, "active_to": LAST, open_end: None})
    far = datetime.date(1990, 1, 1) if open_end == "active_from" else datetime.date(2100, 1, 1)
    assert luotsi in Luotsi.objects.active(on=far)


@pytest.mark.parametrize("last, allowed", [(FIRST + DAY, True), (FIRST, True), (FIRST - DAY, False)])
def test_the_period_may_end_on_its_first_day_but_not_before(db, last, allowed):
    if allowed:
        Luotsi.objects.create(name="Lyhyt", active_from=FIRST, active_to=last)
        assert Luotsi.objects.active(on=FIRST).filter(name="Lyhyt").exists()
    else:
        with pytest.raises(IntegrityError, match="luotsi_active_period_ordered"):
            Luotsi.objects.create(name="Väärin päin", active_from=FIRST, active_to=last)
