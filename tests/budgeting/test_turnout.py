"""Issue 18, item 9: turnout over the residents of voting age when the population
import gave them, over the whole population otherwise, and it says which."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from areas.models import Area
from budgeting import services, voting
from budgeting.results import round_results

from .conftest import VOTING_DAY, set_phase, suurpiiri

POPULATIONS = {"1": 1000, "2": 2000, "3": 3000, "4": 4000, "5": 5000, "6": 6000, "7": 7000, "8": 800}
ELIGIBLE = {code: population * 9 // 10 for code, population in POPULATIONS.items()}


def import_file(tmp_path, *, eligible: dict | None, header="aged_12_plus", option=None) -> str:
    head = "suurpiiri_tunnus,year,population" + (f",{header}" if eligible is not None else "")
    lines = [head] + [
        f"{code},2024,{population}" + (f",{eligible[code]}" if eligible is not None else "")
        for code, population in POPULATIONS.items()
    ]
    path = tmp_path / "population.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--eligible-column", option] if option else []
    call_command("import_population", str(path), "--division", "suurpiiri", *args, stdout=StringIO())
    return str(path)


class TestImport:
    def test_the_eligible_column_by_its_default_name(self, demo_areas, tmp_path):
        import_file(tmp_path, eligible=ELIGIBLE, header="eligible_population")
        assert suurpiiri("1").eligible_population == 900 and suurpiiri("8").eligible_population == 720

    def test_the_eligible_column_named_by_option(self, demo_areas, tmp_path):
        import_file(tmp_path, eligible=ELIGIBLE, header="aged_12_plus", option="aged_12_plus")
        assert suurpiiri("7").eligible_population == 6300

    def test_without_the_column_the_figure_is_unknown(self, demo_areas, tmp_path):
        import_file(tmp_path, eligible=ELIGIBLE, header="eligible_population")
        import_file(tmp_path, eligible=None)
        assert not Area.objects.filter(division__slug="suurpiiri", eligible_population__isnull=False).exists()

    @pytest.mark.parametrize(
        "value, error",
        [
            ("1001", "1001 residents of voting age is more than the population 1000."),
            ("-1", "the number of residents of voting age '-1' is not a whole number of 0 or more."),
        ],
    )
    def test_more_than_the_population_or_negative_is_refused_and_nothing_saved(self, demo_areas, tmp_path, value, error):
        with pytest.raises(CommandError) as exc:
            import_file(tmp_path, eligible={**ELIGIBLE, "1": value}, header="eligible_population")
        assert error in str(exc.value) and "line 2, column eligible_population" in str(exc.value)
        assert suurpiiri("1").eligible_population is None and suurpiiri("1").population != 1000

    def test_all_of_the_population_is_the_edge(self, demo_areas, tmp_path):
        import_file(tmp_path, eligible={**ELIGIBLE, "1": "1000"}, header="eligible_population")
        assert suurpiiri("1").eligible_population == 1000


class TestTurnout:
    def cast(self, round, make_voter, make_project, n):
        project = make_project(title="Penkit", cost=10_000)
        for _ in range(n):
            voting.ballot_cast(voter=make_voter(), round=round, area=suurpiiri("1"), project_ids=[project.pk], today=VOTING_DAY)

    def test_over_the_eligible_when_known(self, demo_areas, tmp_path, budget_round, make_voter, make_project):
        import_file(tmp_path, eligible=ELIGIBLE, header="eligible_population")
        services.allocation_compute(round=budget_round)
        self.cast(budget_round, make_voter, make_project, 9)
        results = {r.allocation.area_id: r for r in round_results(round=budget_round)}
        south, east = results[suurpiiri("1").pk], results[suurpiiri("7").pk]
        assert (south.turnout, south.turnout_base) == (Decimal("0.010000"), "eligible")  # 9 / 900
        assert east.allocation.eligible_population == 6300 + 720  # Östersundom counted with Itäinen
        assert results[None].allocation.eligible_population == sum(ELIGIBLE.values())

    def test_over_the_population_when_one_area_is_unknown(
        self, demo_areas, tmp_path, api_client, budget_round, make_voter, make_project
    ):
        import_file(tmp_path, eligible={**ELIGIBLE, "8": ""}, header="eligible_population")
        services.allocation_compute(round=budget_round)
        self.cast(budget_round, make_voter, make_project, 9)
        set_phase(budget_round, "results")
        body = api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/results/").json()
        by_code = {b["area_code"]: b for b in body["budgets"]}
        assert (by_code["1"]["turnout"], by_code["1"]["turnout_base"]) == ("0.010000", "eligible")
        assert (by_code["7"]["eligible_population"], by_code["7"]["turnout_base"]) == (None, "population")
        city = (Decimal(9) / sum(POPULATIONS.values())).quantize(Decimal("0.000001"))
        assert (by_code[None]["turnout"], by_code[None]["turnout_base"]) == (str(city), "population")
        assert 'residents of voting age (turnout_base "eligible")' in body["rule"]


def test_participation_turnout_uses_the_same_base(api_client, budget_round, make_voter):
    from datetime import datetime, timezone

    from budgeting.models import Ballot

    keskinen = suurpiiri("3")
    keskinen.population, keskinen.eligible_population = 2000, 1000
    keskinen.save(update_fields=["population", "eligible_population"])
    for _ in range(2):
        Ballot.objects.create(round=budget_round, voter=make_voter(), area=keskinen)
    Ballot.objects.update(cast_at=datetime(2025, 10, 10, 12, tzinfo=timezone.utc))
    rows = {r["code"]: r for r in api_client.get("/api/v1/participation/areas/", {"year": 2025}).json()["areas"]}
    assert (rows["3"]["turnout"], rows["3"]["turnout_base"]) == ("0.0020", "eligible")  # 2 / 1000
    assert (rows["1"]["turnout"], rows["1"]["turnout_base"]) == ("0.0000", "population")
