"""Every file format and CRS the division importer reads gives the same areas."""

import re

import pytest

from areas.models import Area
from tests.areas import samples


def assert_parents_imported():
    areas = {a.code: a for a in Area.objects.filter(division__slug="kaupunginosa")}
    assert set(areas) == {"1", "2"}
    for code, expected in samples.parent_squares().items():
        geometry = areas[code].geometry
        assert geometry.srid == 3067
        # Reprojection through 4326/3879 and back keeps the square within centimetres.
        assert geometry.area == pytest.approx(expected.area, rel=1e-4)
        assert geometry.centroid.distance(expected.centroid) < 0.05
    assert areas["1"].name_fi == "Alue 1"
    assert areas["1"].name_sv == "Område 1"


@pytest.mark.parametrize("srid", [4326, 3067, 3879])
def test_geojson_in_each_allowed_crs(tmp_path, run_import, srid):
    path = samples.write_geojson(tmp_path / "a.geojson", samples.feature_collection(samples.parent_squares(), srid=srid))
    summary = run_import(path)
    assert summary.created == 2
    assert_parents_imported()


def test_geojson_without_crs_is_rfc7946_lon_lat(tmp_path, run_import):
    data = samples.feature_collection(samples.parent_squares(), srid=4326, crs=None)
    summary = run_import(samples.write_geojson(tmp_path / "a.geojson", data))
    assert summary.created == 2
    assert_parents_imported()


def test_urn_4326_is_read_lon_lat_as_real_files_write_it(tmp_path, run_import):
    data = samples.feature_collection(samples.parent_squares(), srid=4326, crs="urn:ogc:def:crs:EPSG::4326")
    run_import(samples.write_geojson(tmp_path / "a.geojson", data))
    assert_parents_imported()


def test_gml_in_gk25(tmp_path, run_import):
    source = samples.write_geojson(
        tmp_path / "a.geojson", samples.feature_collection(samples.parent_squares(), srid=3879)
    )
    path = samples.ogr2ogr(source, tmp_path / "a.gml", "GML")
    assert run_import(path).created == 2
    assert_parents_imported()


def test_gml_without_crs_is_read_as_gk25(tmp_path, run_import):
    source = samples.write_geojson(
        tmp_path / "a.geojson", samples.feature_collection(samples.parent_squares(), srid=3879)
    )
    path = samples.ogr2ogr(source, tmp_path / "a.gml", "GML", "-dsco", "FORMAT=GML2")
    (tmp_path / "a.xsd").unlink()  # its comments name the CRS too
    # Strip the CRS: bare GK25 coordinates and no srsName anywhere.
    path.write_text(re.sub(r'\s*srsName="[^"]*"', "", path.read_text()))
    assert "srsName" not in path.read_text() and "3879" not in path.read_text()
    summary = run_import(path)
    assert summary.created == 2
    assert_parents_imported()


def test_geopackage_in_etrs_tm35fin(tmp_path, run_import):
    source = samples.write_geojson(tmp_path / "a.geojson", samples.feature_collection(samples.parent_squares()))
    path = samples.ogr2ogr(source, tmp_path / "a.gpkg", "GPKG")
    assert run_import(path).created == 2
    assert_parents_imported()


def test_zipped_shapefile_in_gk25(tmp_path, run_import):
    source = samples.write_geojson(
        tmp_path / "a.geojson", samples.feature_collection(samples.parent_squares(), srid=3879)
    )
    path = samples.zipped_shapefile(source, tmp_path)
    assert run_import(path).created == 2
    assert_parents_imported()


def test_attribute_names_in_any_letter_case(tmp_path, run_import):
    data = samples.feature_collection(samples.parent_squares())
    for feature in data["features"]:
        feature["properties"] = {k.upper(): v for k, v in feature["properties"].items()}
    run_import(samples.write_geojson(tmp_path / "a.geojson", data))
    assert_parents_imported()


def test_explicit_field_mapping_for_other_files(tmp_path, run_import):
    data = samples.feature_collection(samples.parent_squares())
    for feature in data["features"]:
        p = feature["properties"]
        feature["properties"] = {"ID": p["tunnus"], "NIMI": p["nimi_fi"], "NAMN": p["nimi_se"]}
    path = samples.write_geojson(tmp_path / "a.geojson", data)
    run_import(path, fields={"code": "ID", "name_fi": "NIMI", "name_sv": "NAMN"})
    assert_parents_imported()
