"""Division files read as they are: KML read by the service itself, heights dropped,
Swedish names kept (issue 23, item 5)."""

import json

import pytest
from django.core.management import CommandError, call_command

from areas.importing.readers import ImportFileError, open_layer
from areas.models import Area
from tests.areas.samples import feature_collection, parent_squares, write_geojson


def _ring_4326(code: str):
    polygon = parent_squares()[code].clone()
    polygon.srid = 3067
    return polygon.transform(4326, clone=True).coords[0]


def _placemark(code: str, extended: str) -> str:
    coordinates = " ".join(f"{lon},{lat},25.0" for lon, lat in _ring_4326(code))
    return (
        f"<Placemark><name>Alue {code}</name>{extended}<Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    )


def _kml(tmp_path, placemarks: list[str], name="alueet.kml"):
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        + "".join(placemarks)
        + "</Document></kml>",
        encoding="utf-8",
    )
    return path


def _data(**values) -> str:
    cells = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in values.items())
    return f"<ExtendedData>{cells}</ExtendedData>"


def test_kml_with_heights_and_swedish_names_is_imported(run_import, tmp_path):
    path = _kml(tmp_path, [_placemark(c, _data(tunnus=c, nimi_se=f"Område {c}")) for c in ("1", "2")])
    summary = run_import(path, slug="suurpiiri")
    assert (summary.created, summary.repaired) == (2, 0)
    area = Area.objects.get(division__slug="suurpiiri", code="1")
    assert (area.name_fi, area.name_sv) == ("Alue 1", "Område 1")
    assert not area.geometry.hasz
    assert area.geometry.area == pytest.approx(4_000_000, rel=1e-3)


def test_kml_schema_data_is_read(tmp_path):
    extended = '<ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="tunnus">1</SimpleData></SchemaData></ExtendedData>'
    layer = open_layer(_kml(tmp_path, [_placemark("1", extended)]))
    feature = next(layer.features)
    assert feature.properties == {"name": "Alue 1", "tunnus": "1"}
    assert (layer.srid, layer.fields) == (4326, ["name", "tunnus"])


def test_a_file_without_swedish_names_keeps_the_stored_ones(run_import, tmp_path):
    run_import(write_geojson(tmp_path / "a.geojson", feature_collection(parent_squares())), slug="suurpiiri")
    path = _kml(tmp_path, [_placemark(c, _data(tunnus=c)) for c in ("1", "2")])
    run_import(path, slug="suurpiiri")
    assert Area.objects.get(division__slug="suurpiiri", code="1").name_sv == "Område 1"


def test_a_new_area_without_a_swedish_name_gets_the_finnish(run_import, tmp_path):
    run_import(_kml(tmp_path, [_placemark("1", _data(tunnus="1"))]), slug="suurpiiri")
    assert Area.objects.get(division__slug="suurpiiri", code="1").name_sv == "Alue 1"


def test_geojson_with_heights_is_flattened(run_import, tmp_path):
    data = feature_collection(parent_squares())
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = [[[x, y, 12.0] for x, y in ring] for ring in feature["geometry"]["coordinates"]]
    summary = run_import(write_geojson(tmp_path / "z.geojson", data), slug="suurpiiri")
    assert summary.created == 2
    assert not Area.objects.filter(division__slug="suurpiiri").first().geometry.hasz


def test_kml_without_polygons_is_an_error(tmp_path):
    path = tmp_path / "points.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>P</name><Point><coordinates>24.9,60.1,0'
        "</coordinates></Point></Placemark></kml>",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="Feature 1 \\(P\\) holds no polygon."):
        list(open_layer(path).features)


def test_kml_with_a_dtd_is_refused(db, tmp_path):
    path = tmp_path / "evil.kml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml>&x;</kml>', encoding="utf-8")
    with pytest.raises(CommandError, match="DTD or entities"):
        call_command("import_divisions", str(path), "--division", "suurpiiri", verbosity=0)
