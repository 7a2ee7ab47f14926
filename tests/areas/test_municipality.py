"""Regional files: features of other municipalities are skipped and counted (issue 23, item 2)."""

import collections

import pytest

from areas.importing.mapping import resolve_mapping
from areas.importing.municipality import is_helsinki
from areas.importing.readers import ImportFileError, open_layer
from areas.models import Area
from tests.areas.samples import feature_collection, parent_squares, write_geojson


@pytest.mark.parametrize(
    "value,helsinki",
    [
        ("091", True), (91, True), ("91", True), ("092", False), ("049", False), (90, False),
        ("Helsinki", True), ("HELSINKI", True), ("Helsingin kaupunki", True), ("Helsingfors stad", True),
        ("City of Helsinki", True), ("Espoon kaupunki", False), ("Vantaa", False), ("Kauniaisten kaupunki", False),
        (None, True), ("", True), ("  ", True),
    ],
)  # fmt: skip
def test_what_is_helsinki(value, helsinki):
    assert is_helsinki(value) is helsinki


@pytest.mark.parametrize("attribute", ["kunta", "KUNTA", "City_fi"])
def test_features_of_other_municipalities_are_skipped_and_counted(run_import, tmp_path, attribute):
    data = feature_collection(parent_squares())
    by_name = attribute == "City_fi"
    values = {"1": "Helsingin kaupunki" if by_name else "091", "2": "Espoon kaupunki" if by_name else "049"}
    for feature in data["features"]:
        feature["properties"][attribute] = values[feature["properties"]["tunnus"]]
    summary = run_import(write_geojson(tmp_path / "region.geojson", data), slug="suurpiiri")
    assert (summary.created, summary.other_municipality) == (1, 1)
    assert "; 1 features of other municipalities skipped" in summary.as_text()
    assert list(Area.objects.filter(division__slug="suurpiiri").values_list("code", flat=True)) == ["1"]


def test_a_file_without_a_municipality_attribute_skips_nothing(run_import, tmp_path):
    summary = run_import(write_geojson(tmp_path / "a.geojson", feature_collection(parent_squares())), slug="suurpiiri")
    assert (summary.created, summary.other_municipality) == (2, 0)
    assert "other municipalities" not in summary.as_text()


def test_a_file_wholly_of_other_municipalities_is_refused(run_import, tmp_path):
    data = feature_collection(parent_squares(), extra={"kunta": "092"})
    with pytest.raises(ImportFileError, match="^All 2 features are in other municipalities than Helsinki.$"):
        run_import(write_geojson(tmp_path / "vantaa.geojson", data), slug="suurpiiri")


def test_real_servicemap_layer_has_ten_of_35_outside_helsinki(shared_data):
    layer = open_layer(shared_data / "servicemap-wfs" / "palvelukartta_leikkipuistot_sample.gpkg")
    mapping = resolve_mapping(layer.fields, {"code": "ID", "name_fi": "Name_fi"})
    assert mapping.fields["municipality"] == "City_fi"
    counts = collections.Counter(is_helsinki(mapping.value(f.properties, "municipality")) for f in layer.features)
    assert counts == {True: 25, False: 10}


def test_real_divisions_are_all_helsinki(run_import, shared_data):
    summary = run_import(shared_data / "divisions-2022" / "gispo_osa_alueet.geojson", slug="osa-alue")
    assert (summary.created, summary.other_municipality) == (148, 0)
