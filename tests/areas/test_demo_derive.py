"""manage.py derive_demo_divisions on the city's real osa-alue file (skipped when ../shared is absent):
the committed fixture is what it makes, and it keeps the source's codes, names and nesting."""

from __future__ import annotations

import io
import json
from collections import Counter

import numpy as np
import pytest
import shapely
from django.conf import settings
from django.core.management import CommandError, call_command
from pyproj import Transformer
from shapely.geometry import shape

from tests.conftest import SHARED_DATA

from areas.demo_derive import SEA_ONLY_CODES, SIMPLIFY_TOLERANCE_M, DeriveError, derive_demo_divisions

FIXTURES = settings.BASE_DIR / "fixtures" / "demo"


@pytest.fixture(scope="module")
def osa_alue_file():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it is beside the checkout in CI)")
    return SHARED_DATA / "divisions-2022" / "gispo_osa_alueet.geojson"


@pytest.fixture(scope="module")
def derived(osa_alue_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("derived")
    call_command("derive_demo_divisions", str(osa_alue_file), out=out, stdout=io.StringIO())
    return out


@pytest.fixture(scope="module")
def source_features(osa_alue_file):
    return json.loads(osa_alue_file.read_text(encoding="utf-8"))["features"]


def test_the_committed_fixtures_are_what_the_command_makes(derived):
    for name in ("divisions.json", "land.geojson"):
        assert (derived / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_codes_names_and_counts_come_from_the_source(derived, source_features):
    data = json.loads((derived / "divisions.json").read_text(encoding="utf-8"))
    kept = [f["properties"] for f in source_features if f["properties"]["tunnus"] not in SEA_ONLY_CODES]
    # Only the territorial sea is left out, and it is in the source.
    assert len(kept) == len(source_features) - 1
    assert {(o["code"], o["name_fi"], o["name_sv"], o["parent"], o["full_code"]) for o in data["osa_alueet"]} == {
        (p["tunnus"], p["nimi_fi"], p["nimi_se"], p["kokotunnus"][4:7], p["kokotunnus"]) for p in kept
    }
    assert len(data["osa_alueet"]) == len(kept)
    assert {p["code"] for p in data["peruspiirit"]} == {p["kokotunnus"][4:7] for p in kept}
    assert {s["code"] for s in data["suurpiirit"]} == {p["kokotunnus"][3] for p in kept}
    assert all(p["parent"] == p["code"][0] for p in data["peruspiirit"])
    assert data["left_out"] == [{"code": "533", "name_fi": "Aluemeri"}]
    assert "CC BY 4.0" in data["licence"] and "City of Helsinki" in data["attribution"]


def test_names_and_populations_of_the_upper_levels_are_kept(derived):
    data = json.loads((derived / "divisions.json").read_text(encoding="utf-8"))
    districts = json.loads((FIXTURES / "districts.json").read_text(encoding="utf-8"))
    for level in ("suurpiirit", "peruspiirit"):
        strip = [{k: v for k, v in row.items() if k != "geometry"} for row in data[level]]
        assert strip == districts[level]
    assert sum(s["population"] for s in data["suurpiirit"]) == sum(s["population"] for s in districts["suurpiirit"])


def test_ostersundom_is_a_suurpiiri_with_its_own_osa_alueet(derived, source_features):
    data = json.loads((derived / "divisions.json").read_text(encoding="utf-8"))
    expected = {f["properties"]["tunnus"] for f in source_features if f["properties"]["kokotunnus"][3] == "8"}
    assert len(expected) > 1
    assert {o["code"] for o in data["osa_alueet"] if o["parent"] == "801"} == expected
    (ostersundom,) = [s for s in data["suurpiirit"] if s["code"] == "8"]
    assert ostersundom["name_fi"] == "Östersundom" and shape(ostersundom["geometry"]).area > 0


def test_the_levels_nest_exactly(derived):
    data = json.loads((derived / "divisions.json").read_text(encoding="utf-8"))
    osa = {o["code"]: shape(o["geometry"]) for o in data["osa_alueet"]}
    assert shapely.coverage_is_valid(list(osa.values()))
    perus = {}
    for p in data["peruspiirit"]:
        perus[p["code"]] = shape(p["geometry"])
        union = shapely.union_all([osa[o["code"]] for o in data["osa_alueet"] if o["parent"] == p["code"]])
        assert perus[p["code"]].equals(union), p["code"]
    for s in data["suurpiirit"]:
        union = shapely.union_all([perus[p["code"]] for p in data["peruspiirit"] if p["parent"] == s["code"]])
        assert shape(s["geometry"]).equals(union), s["code"]


def test_boundaries_stay_within_the_tolerance_in_whole_metres(derived, source_features):
    data = json.loads((derived / "divisions.json").read_text(encoding="utf-8"))
    to_metres = Transformer.from_crs(4326, data["srid"], always_xy=True)
    source = {
        f["properties"]["tunnus"]: shapely.transform(
            shape(f["geometry"]), lambda xy: np.column_stack(to_metres.transform(xy[:, 0], xy[:, 1]))
        )
        for f in source_features
    }
    # The file states the largest move of a line, rounded up to a metre, and the tolerance it used.
    moves = sorted(source[o["code"]].hausdorff_distance(shape(o["geometry"])) for o in data["osa_alueet"])
    assert data["max_deviation_m"] - 1 < moves[-1] <= data["max_deviation_m"]
    assert data["simplify_tolerance_m"] == SIMPLIFY_TOLERANCE_M
    # Most lines move by less than the tolerance; only narrow spikes more.
    assert moves[len(moves) // 2] < SIMPLIFY_TOLERANCE_M
    coordinates = shapely.get_coordinates([shape(o["geometry"]) for o in data["osa_alueet"]])
    assert (coordinates == coordinates.round()).all()


def test_the_fixture_is_under_a_megabyte():
    assert (FIXTURES / "divisions.json").stat().st_size < 1_000_000


def test_land_leaves_out_the_territorial_sea_and_the_open_sea(derived, source_features):
    land = shape(json.loads((derived / "land.geojson").read_text(encoding="utf-8"))["features"][0]["geometry"])
    to_metres = Transformer.from_crs(4326, 3067, always_xy=True)
    assert not land.intersects(shapely.Point(to_metres.transform(24.95, 60.11)))  # open sea in Länsisaaret
    assert land.contains(shapely.Point(to_metres.transform(24.9414, 60.1710)))  # the railway station


def test_an_osa_alue_without_a_kokotunnus_is_refused_by_name(tmp_path, source_features):
    broken = dict(source_features[0], properties={**source_features[0]["properties"], "kokotunnus": None})
    path = tmp_path / "broken.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [broken]}), encoding="utf-8")
    name = source_features[0]["properties"]["nimi_fi"]
    with pytest.raises(DeriveError, match=f"^{name}: not an osa-alue with a 10-digit kokotunnus \\(None\\)\\.$"):
        derive_demo_divisions(source=path, districts=FIXTURES / "districts.json")
    with pytest.raises(CommandError, match=f"{name}: not an osa-alue"):
        call_command("derive_demo_divisions", str(path), out=tmp_path)
    assert not (tmp_path / "divisions.json").exists()


def test_a_peruspiiri_missing_from_the_names_is_refused(tmp_path, osa_alue_file):
    districts = json.loads((FIXTURES / "districts.json").read_text(encoding="utf-8"))
    districts["peruspiirit"] = [p for p in districts["peruspiirit"] if p["code"] != "801"]
    path = tmp_path / "districts.json"
    path.write_text(json.dumps(districts), encoding="utf-8")
    with pytest.raises(DeriveError, match=r"^peruspiirit \['801'\] are in the source but not in "):
        derive_demo_divisions(source=osa_alue_file, districts=path)


def test_every_peruspiiri_has_osa_alueet_in_the_source(source_features):
    counts = Counter(f["properties"]["kokotunnus"][4:7] for f in source_features)
    districts = json.loads((FIXTURES / "districts.json").read_text(encoding="utf-8"))
    assert set(counts) == {p["code"] for p in districts["peruspiirit"]}
