"""What Helsinki's real files and the service's own exports hit in the importers (issue 23, item 7)."""

import json
import shutil

import pytest
from decimal import Decimal
from django.core.management import CommandError, call_command
from django.utils import translation

from areas.importing.readers import ImportFileError
from areas.models import Area
from budgeting.models import AreaAllocation
from spaces.services import spaces_import
from tests.areas.samples import feature_collection, parent_squares, write_geojson
from tests.budgeting.conftest import make_round


def test_the_same_divisions_under_another_file_name_are_unchanged(run_import, tmp_path):
    first = write_geojson(tmp_path / "kaupunginosat-2024.geojson", feature_collection(parent_squares()))
    second = tmp_path / "kaupunginosat-copy.geojson"
    shutil.copy(first, second)
    run_import(first)
    summary = run_import(second)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)


def test_the_same_spaces_under_another_source_are_unchanged(db):
    from django.contrib.gis.geos import Point

    item = {"origin_id": "servicemap:1", "name_fi": "Kirjasto", "point": Point(385000, 6672500, srid=3067)}
    spaces_import(items=[dict(item)], source="service map: units-1.json")
    summary = spaces_import(items=[dict(item)], source="service map: units-copy.json")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)


def _export(api_client, slug: str, path):
    body = api_client.get("/api/v1/areas/", {"division": slug, "srid": "3067", "page_size": "1000"}).json()
    path.write_text(json.dumps(body), encoding="utf-8")
    return body


def test_the_service_reimports_its_own_area_export(run_import, api_client, tmp_path, capsys):
    run_import(write_geojson(tmp_path / "suurpiirit.geojson", feature_collection(parent_squares())), slug="suurpiiri")
    export = tmp_path / "export.geojson"
    assert len(_export(api_client, "suurpiiri", export)["features"]) == 2
    # The division comes from the export's `division` attribute; nothing differs, so nothing changes.
    call_command("import_divisions", str(export))
    assert "suurpiiri: 0 created, 0 updated, 2 unchanged, 0 removed" in capsys.readouterr().out


def test_real_osa_alueet_reimported_from_the_export(db, shared_data, api_client, tmp_path, capsys):
    call_command("import_divisions", str(shared_data / "divisions-2022" / "gispo_osa_alueet.geojson"), verbosity=0)
    export = tmp_path / "export.geojson"
    assert len(_export(api_client, "osa-alue", export)["features"]) == 148
    call_command("import_divisions", str(export))
    assert "osa-alue: 0 created, 0 updated, 148 unchanged, 0 removed" in capsys.readouterr().out


def test_removing_an_area_that_budgeting_refers_to_is_a_readable_error(run_import, tmp_path):
    run_import(write_geojson(tmp_path / "a.geojson", feature_collection(parent_squares())), slug="suurpiiri")
    area = Area.objects.get(division__slug="suurpiiri", code="2")
    budget_round = make_round(2025)
    AreaAllocation.objects.create(round=budget_round, area=area, quota=Decimal("1"), amount=1)
    only_one = {"1": parent_squares()["1"]}
    changed = write_geojson(tmp_path / "b.geojson", feature_collection(only_one, names={"1": "Uusi nimi"}))
    with pytest.raises(ImportFileError) as error:
        run_import(changed, slug="suurpiiri", allow_mass_delete=True)
    assert str(error.value) == (
        "Area 2 (Alue 2) cannot be removed: area allocations (OmaStadi 2025: Alue 2 (suurpiiri 2) 1 EUR) refer to it. "
        "Nothing was changed."
    )
    assert Area.objects.get(division__slug="suurpiiri", code="1").name_fi == "Alue 1"
    assert Area.objects.filter(division__slug="suurpiiri", code="2").exists()


def test_the_command_error_is_in_one_language(db, tmp_path):
    with translation.override("fi"), pytest.raises(CommandError) as error:
        call_command("import_divisions", str(tmp_path / "missing.geojson"), verbosity=0)
    message = str(error.value)
    assert message.endswith("Mitään ei muutettu.")
    assert "Nothing was changed" not in message
    assert message.count("Mitään ei muutettu.") == 1


def test_real_ahjo_cases_under_another_file_name_are_unchanged(db, shared_data, tmp_path, capsys):
    first = tmp_path / "cases.json"
    shutil.copy(shared_data / "ahjo" / "cases.json", first)
    copy = tmp_path / "cases-again.json"
    shutil.copy(first, copy)
    call_command("import_ahjo_cases", str(first), "--no-geolocate")
    created = capsys.readouterr().out
    call_command("import_ahjo_cases", str(copy), "--no-geolocate")
    again = capsys.readouterr().out
    assert " created, 0 updated, " in again and "0 created, " in again, (created, again)


def test_spaces_command_error_is_in_one_language(db, tmp_path):
    path = tmp_path / "units.json"
    path.write_text("{not json", encoding="utf-8")
    with translation.override("fi"), pytest.raises(CommandError) as error:
        call_command("import_spaces", str(path), verbosity=0)
    assert str(error.value).endswith(" Mitään ei tuotu.")
    assert "Nothing" not in str(error.value)


def test_addresses_command_error_is_in_one_language(db, tmp_path):
    with translation.override("sv"), pytest.raises(CommandError) as error:
        call_command("import_addresses", str(tmp_path / "missing.csv"), verbosity=0)
    assert str(error.value).endswith(" Inget importerades.")
    assert "Nothing" not in str(error.value)


def test_the_import_command_reports_in_one_language(db, tmp_path, capsys):
    path = write_geojson(tmp_path / "a.geojson", feature_collection(parent_squares()))
    with translation.override("sv"):
        call_command("import_divisions", str(path), "--division", "suurpiiri")
    out = capsys.readouterr().out
    assert out.startswith("Läser 2 objekt i lagret 'test_layer' (EPSG:3067, angivet i filen) till indelningen 'suurpiiri'\n")
    assert "Reading" not in out
