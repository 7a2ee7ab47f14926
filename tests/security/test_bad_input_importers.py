"""Bad input to the importers (management commands): each refusal is a CommandError whose message
says what is wrong, and nothing is written (issue 10, point 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from areas.models import Address, Area
from cases.models import Case
from feedback.models import Service
from spaces.models import Space

from .bad_input_corpus import (
    BAD_SRIDS,
    GEOMETRIES,
    GML_UNKNOWN_SRS,
    MALFORMED,
    NESTED,
    NOT_FINITE,
    PNG,
    SRID,
    UTF8,
    ZIP,
    deep_objects,
    many_vertices,
    polygon,
    ring,
    zip_bomb,
    zip_of,
)
from .helpers_bad_input import UNREADABLE

pytestmark = pytest.mark.django_db


def refused(command: str, *args, expected: tuple[str, ...], **options) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(command, *[str(a) for a in args], verbosity=0, **options)
    text = str(caught.value)
    assert any(word in text.lower() for word in expected), (expected, text)
    for bad in UNREADABLE:
        assert bad not in text, (bad, text)
    return text


def division_file(tmp_path: Path, geometry: dict, name: str = "alueet.geojson", **extra) -> Path:
    document = {
        "type": "FeatureCollection",
        **extra,
        "features": [{"type": "Feature", "properties": {"tunnus": "101", "nimi_fi": "Alue"}, "geometry": geometry}],
    }
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def import_divisions(path, *, expected, **options):
    before = Area.objects.count()
    text = refused("import_divisions", path, expected=expected, division="kaupunginosa", **options)
    assert Area.objects.count() == before
    return text


# --- Division files ---------------------------------------------------------------------

# Geometry the importer refuses: the corpus, less what an import repairs or what is only
# about a resident area's size (a zero-area ring is refused as empty here too).
IMPORT_GEOMETRIES = [g for g in GEOMETRIES if g.id not in ("empty-polygon", "20000-vertices")]


@pytest.mark.parametrize("item", IMPORT_GEOMETRIES, ids=lambda i: i.id)
def test_division_geometry(tmp_path, item):
    import_divisions(division_file(tmp_path, item.payload), expected=item.expected + ("nothing was changed",))


def test_division_geometry_with_too_many_vertices(tmp_path, settings):
    """An import takes up to settings.GEOMETRY_MAX_VERTICES (200 000); lowered here to keep the file small."""
    settings.GEOMETRY_MAX_VERTICES = 1_000
    import_divisions(division_file(tmp_path, many_vertices(1_500)), expected=("more than 1000 coordinates",))


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_division_srid_option(tmp_path, item):
    import_divisions(division_file(tmp_path, polygon([ring()])), expected=item.expected, srid=item.payload)


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_division_file_crs(tmp_path, item):
    crs = {"type": "name", "properties": {"name": item.payload}}
    import_divisions(division_file(tmp_path, polygon([ring()]), crs=crs), expected=item.expected)


BAD_FILES = [
    ("png-named-geojson", "alueet.geojson", PNG, UTF8),
    ("png-named-gml", "alueet.gml", PNG, ("not xml",)),
    ("geojson-named-gml", "alueet.gml", json.dumps({"type": "FeatureCollection", "features": []}).encode(), ("not xml",)),
    ("gml-unknown-srs-name", "alueet.gml", GML_UNKNOWN_SRS, SRID),
    ("gml-proj-srs-name", "alueet.gml", GML_UNKNOWN_SRS.replace(b"urn:ogc:def:crs:EPSG::999999", b"+proj=merc +init=/etc/passwd"), SRID),
    ("gml-truncated", "alueet.gml", GML_UNKNOWN_SRS.replace(b"EPSG::999999", b"EPSG::3879")[:200], ("could not be read", "truncated")),
    ("empty-geojson", "alueet.geojson", b"", MALFORMED),
    ("geojson-cut-midway", "alueet.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Fea', MALFORMED),
    ("latin-1-geojson", "alueet.geojson", '{"type": "FeatureCollection", "name": "Pääkaupunkiseutu", "features": []}'.encode("latin-1"), UTF8),
    ("nan-literal", "alueet.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [NaN, 60.1]}}]}', NOT_FINITE),
    ("1e309", "alueet.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1e309, 60.1]}}]}', NOT_FINITE),
    ("nested-10000-deep", "alueet.geojson", deep_objects(10_000), NESTED),
    ("zip-path-traversal", "alueet.zip", zip_of({"../../evil.shp": b"x"}), ("unsafe path",)),
    ("zip-absolute-path", "alueet.zip", zip_of({"/tmp/evil.shp": b"x"}), ("unsafe path",)),
    ("zip-symlink", "alueet.zip", zip_of({"alueet.dbf": b"x"}, symlink="alueet.shp"), ("symbolic link",)),
    ("zip-bomb", "alueet.zip", zip_bomb(), ("zip bomb",)),
    ("zip-that-is-not", "alueet.zip", PNG, ("not a valid zip",)),
    ("unknown-suffix", "alueet.kmz", zip_of({"doc.kml": b"<kml/>"}), ("unsupported file type",)),
]


@pytest.mark.parametrize("name, filename, content, expected", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_division_files(tmp_path, name, filename, content, expected):
    path = tmp_path / filename
    path.write_bytes(content)
    import_divisions(path, expected=expected)
    assert not (tmp_path.parent / "evil.shp").exists()


def test_control_a_good_division_file_imports(tmp_path):
    path = division_file(tmp_path, polygon([ring()]))
    call_command("import_divisions", str(path), division="kaupunginosa", verbosity=0)
    assert Area.objects.filter(division__slug="kaupunginosa", code="101").exists()


# --- Ahjo cases, city spaces, Open311 service lists, addresses: JSON files --------------------

JSON_FILES = [
    ("latin-1", '{"cases": [{"CaseIDLabel": "HEL 2024-000001", "Title": "Pääkaupunkiseutu"}]}'.encode("latin-1"), UTF8 + ("cannot be read",)),
    ("invalid-utf-8", b'{"cases": [{"Title": "\xc3\x28\xff"}]}', UTF8 + ("cannot be read",)),
    ("nan", b'{"cases": [], "x": NaN}', NOT_FINITE),
    ("1e309", b'{"cases": [], "x": 1e309}', NOT_FINITE),
    ("nested-10000-deep", deep_objects(10_000), NESTED),
    ("nul-escape", b'{"cases": [{"CaseIDLabel": "HEL 2024-000001", "Title": "A\\u0000B"}]}', ("nul",)),
    ("truncated", b'{"cases": [{"CaseIDLabel": "HEL', MALFORMED),
    ("png", PNG, UTF8 + ("cannot be read",)),
]


@pytest.mark.parametrize("name, content, expected", JSON_FILES, ids=[f[0] for f in JSON_FILES])
def test_ahjo_files(tmp_path, name, content, expected):
    path = tmp_path / "ahjo.json"
    path.write_bytes(content)
    refused("import_ahjo_cases", path, expected=expected)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("name, content, expected", JSON_FILES, ids=[f[0] for f in JSON_FILES])
def test_space_files(tmp_path, name, content, expected):
    path = tmp_path / "units.json"
    path.write_bytes(content)
    refused("import_spaces", path, expected=expected)
    assert Space.objects.count() == 0


@pytest.mark.parametrize("name, content, expected", JSON_FILES, ids=[f[0] for f in JSON_FILES])
def test_open311_service_list_files(tmp_path, name, content, expected):
    path = tmp_path / "services_fi.json"
    path.write_bytes(content)
    refused("import_open311_services", expected=expected, fi=str(path), sector="kymp")
    assert Service.objects.count() == 0


@pytest.mark.parametrize("name, content, expected", JSON_FILES, ids=[f[0] for f in JSON_FILES])
def test_address_files(tmp_path, name, content, expected):
    path = tmp_path / "osoitteet.json"
    path.write_bytes(content)
    refused("import_addresses", path, expected=expected + ("not valid json",))
    assert Address.objects.count() == 0


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_address_srid_option(tmp_path, item):
    path = tmp_path / "osoitteet.csv"
    path.write_text("katunimi,osoitenumero,e,n\nMannerheimintie,1,25496600,6672800\n")
    refused("import_addresses", path, expected=SRID, srid=item.payload)
    assert Address.objects.count() == 0


# --- CSV files: addresses and paper ballots ----------------------------------------------------

CSV_HEADER = "katunimi,osoitenumero,e,n\n"
ADDRESS_CSVS = [
    ("latin-1", (CSV_HEADER + "Pääkaupunkitie,1,25496600,6672800\n").encode("latin-1"), UTF8),
    ("nan-coordinates", (CSV_HEADER + "Mannerheimintie,1,nan,nan\n").encode(), ("coordinate", "out of range", "number")),
    ("infinite-coordinates", (CSV_HEADER + "Mannerheimintie,1,inf,-inf\n").encode(), ("coordinate", "out of range", "number")),
    ("swapped-columns", (CSV_HEADER + "Mannerheimintie,1,6672800,25496600\n").encode(), ("out of range", "outside")),
    ("nul-byte", (CSV_HEADER + "Mannerheimin\x00tie,1,25496600,6672800\n").encode(), ("nul",)),
    ("png", PNG, UTF8),
]


@pytest.mark.parametrize("name, content, expected", ADDRESS_CSVS, ids=[c[0] for c in ADDRESS_CSVS])
def test_address_csv_files(tmp_path, name, content, expected):
    path = tmp_path / "osoitteet.csv"
    path.write_bytes(content)
    refused("import_addresses", path, expected=expected)
    assert Address.objects.count() == 0


PAPER_CSVS = [
    ("latin-1", "reference,projects\nPääkaupunki-1,1\n".encode("latin-1"), UTF8),
    ("invalid-utf-8", b"reference,projects\n\xc3\x28\xff,1\n", UTF8),
    ("nul-byte", b"reference,projects\nA\x001,1\n", ("nul",)),
    ("png", PNG, UTF8),
]


@pytest.mark.parametrize("name, content, expected", PAPER_CSVS, ids=[c[0] for c in PAPER_CSVS])
def test_paper_ballot_files(demo_areas, tmp_path, name, content, expected):
    from budgeting.models import Ballot
    from tests.budgeting.conftest import make_round, set_phase

    set_phase(make_round(year=2025), "counting")  # the window paper ballots are imported in
    path = tmp_path / "paperit.csv"
    path.write_bytes(content)
    refused("import_paper_ballots", path, expected=expected, year=2025, area="1")
    assert Ballot.objects.count() == 0
