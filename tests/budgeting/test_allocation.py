"""The split of a round's sum: all of Helsinki, then the areas by population (largest remainder)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from budgeting import services
from budgeting.allocation import split_by_population
from budgeting.models import AreaAllocation, RoundAreaMerge

from .conftest import make_round, suurpiiri

# Real 2023 populations of the demo suurpiirit; Östersundom (8) counts with Itäinen (7).
POPULATIONS = {"1": 123568, "2": 113982, "3": 103995, "4": 44046, "5": 101294, "6": 58386, "7": 114361 + 1742}


class TestDoneWhen:
    def test_area_sums_add_up_to_exactly_3_520_000(self, budget_round):
        rows = AreaAllocation.objects.filter(round=budget_round)
        areas = rows.filter(area__isnull=False)
        assert sum(a.amount for a in areas) == 3_520_000
        assert rows.get(area__isnull=True).amount == 880_000
        assert sum(a.amount for a in rows) == 4_400_000

    def test_ostersundom_is_counted_with_itainen(self, budget_round):
        codes = set(AreaAllocation.objects.filter(round=budget_round, area__isnull=False).values_list("area__code", flat=True))
        assert codes == set(POPULATIONS)
        itainen = AreaAllocation.objects.get(round=budget_round, area__code="7")
        assert itainen.population == 114361 + 1742 and itainen.merged_population == 1742

    def test_each_sum_is_its_quota_floored_or_ceiled(self, budget_round):
        total = sum(POPULATIONS.values())
        for allocation in AreaAllocation.objects.filter(round=budget_round, area__isnull=False).select_related("area"):
            exact = Decimal(3_520_000) * POPULATIONS[allocation.area.code] / total
            assert abs(allocation.quota - exact) < Decimal("0.000001")
            assert allocation.amount - int(exact) == (1 if allocation.got_extra_euro else 0)

    def test_recomputing_replaces_the_parts(self, budget_round):
        services.allocation_compute(round=budget_round)
        assert AreaAllocation.objects.filter(round=budget_round).count() == 8

    def test_api_shows_the_arithmetic(self, budget_round, api_client):
        body = api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/allocation/").json()
        assert body["total_sum"] == 4_400_000 and body["all_helsinki_sum"] == 880_000
        assert body["areas_sum"] == 3_520_000
        assert sum(a["amount"] for a in body["areas"]) == 3_520_000
        first = body["areas"][0]
        assert {"population", "share", "quota", "amount", "remainder", "remainder_rank", "got_extra_euro"} <= set(first)
        itainen = next(a for a in body["areas"] if a["area"]["code"] == "7")
        assert itainen["merged_areas"][0]["code"] == "8"
        ranks = sorted(a["remainder_rank"] for a in body["areas"])
        assert ranks == list(range(1, 8))


class TestLargestRemainder:
    def test_extra_euros_go_to_the_largest_remainders(self):
        # 10 split 1:1:1 → quotas 3.33 each; one euro left, the tie goes to the larger population, then order.
        parts = {p.key: p for p in split_by_population(amount=10, populations={"a": 1, "b": 1, "c": 1}, order={"a": "1", "b": "2", "c": "3"})}
        assert [parts[k].amount for k in "abc"] == [4, 3, 3]
        parts = {p.key: p for p in split_by_population(amount=100, populations={"a": 1, "b": 2, "c": 4}, order={})}
        # quotas 14.29, 28.57, 57.14: floors 99, the extra euro to b (.57)
        assert (parts["a"].amount, parts["b"].amount, parts["c"].amount) == (14, 29, 57)
        assert parts["b"].remainder_rank == 1

    @pytest.mark.parametrize("amount", [0, 1, 7, 999_999, 3_520_000])
    def test_parts_always_add_up(self, amount):
        parts = split_by_population(amount=amount, populations=POPULATIONS, order={})
        assert sum(p.amount for p in parts) == amount

    def test_odd_share_rounds_half_up(self, demo_areas):
        round = make_round(total_sum=1001, all_helsinki_share=Decimal("0.5"))
        rows = services.allocation_compute(round=round)
        assert rows[0].area is None and rows[0].amount == 501
        assert sum(r.amount for r in rows) == 1001


class TestRefusals:
    def test_an_area_without_population_stops_the_allocation(self, budget_round):
        area = suurpiiri("4")
        area.population = None
        area.save()
        with pytest.raises(ValidationError) as exc:
            services.allocation_compute(round=budget_round)
        assert "has no population" in exc.value.messages[0]
        assert AreaAllocation.objects.filter(round=budget_round).count() == 8  # the old parts stay

    def test_merge_into_itself_is_refused_by_the_database(self, budget_round):
        with pytest.raises(IntegrityError):
            RoundAreaMerge.objects.create(round=budget_round, area=suurpiiri("1"), into=suurpiiri("1"))
