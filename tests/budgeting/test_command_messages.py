"""Budgeting commands on real databases: load_demo_budgeting without populations, messages in one language."""

import pytest
from django.core.management import CommandError, call_command

from budgeting.models import BudgetRound
from tests.areas.samples import feature_collection, parent_squares, write_geojson


def test_areas_without_populations_are_a_clear_message(db, tmp_path):
    path = write_geojson(tmp_path / "suurpiirit.geojson", feature_collection(parent_squares()))
    call_command("import_divisions", str(path), "--division", "suurpiiri", verbosity=0)
    with pytest.raises(CommandError) as error:
        call_command("load_demo_budgeting")
    assert str(error.value) == (
        "The suurpiiri areas have no populations (1, 2), so no allocation can be computed; "
        "import them with import_population first. Nothing was changed."
    )
    assert not BudgetRound.objects.exists()


def test_no_areas_at_all_is_a_clear_message(db):
    with pytest.raises(CommandError) as error:
        call_command("load_demo_budgeting")
    assert str(error.value) == (
        "The suurpiiri division has no areas; load them with load_demo_data or import_divisions first. "
        "Nothing was changed."
    )


def test_one_area_without_population_is_enough_to_stop(db, tmp_path):
    from areas.models import Area

    path = write_geojson(tmp_path / "suurpiirit.geojson", feature_collection(parent_squares()))
    call_command("import_divisions", str(path), "--division", "suurpiiri", verbosity=0)
    Area.objects.filter(code="1").update(population=1000)
    with pytest.raises(CommandError, match=r"have no populations \(2\), so"):
        call_command("load_demo_budgeting")


def test_paper_ballot_command_speaks_one_language(budget_round, tmp_path):
    from django.utils import translation

    path = tmp_path / "itainen.csv"
    path.write_text("reference,projects\nD-2,999999\n", encoding="utf-8")
    with translation.override("fi"):
        with pytest.raises(CommandError) as error:
            call_command("import_paper_ballots", str(path), year=2025, area="7")
        assert str(error.value).startswith("Mitään ei tuotu:\nKierroksen OmaStadi 2025 paperiäänet")
        with pytest.raises(CommandError) as error:
            call_command("import_paper_ballots", str(path), year=2025, area="99")
        assert str(error.value) == "Kierroksella 2025 ei ole aluetta tunnuksella '99'."
