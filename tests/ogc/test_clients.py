"""The service read by real clients over HTTP: GDAL's OGC API driver (ogrinfo,
ogr2ogr from Debian's gdal-bin) and OWSLib, each compared with the database."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from django.db import connection

from areas.models import Area
from budgeting.models import Project
from cases.models import Case
from initiatives.models import Initiative
from events.selectors import event_public
from luotsit.models import Luotsi
from spaces.models import Space

from .conftest import CRS84, EPSG3067, EPSG3879

pytestmark = [
    pytest.mark.usefixtures("ogc_world"),
    pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin is not installed (scripts/system-deps.sh)"),
]


def expected_counts() -> dict[str, int]:
    return {
        "areas-suurpiiri": Area.objects.filter(division__slug="suurpiiri").count(),
        "areas-peruspiiri": Area.objects.filter(division__slug="peruspiiri").count(),
        "areas-osa-alue": Area.objects.filter(division__slug="osa-alue").count(),
        # Then the registered layers in the order of INSTALLED_APPS (budgeting before ogc's own).
        "budget-projects": Project.objects.count(),
        "events": event_public().count(),
        "cases": Case.objects.count(),
        "spaces": Space.objects.count(),
        "luotsi-areas": Luotsi.areas.through.objects.filter(luotsi__in=Luotsi.objects.active()).count(),
        # Then feedback's and initiatives', which come after ogc in INSTALLED_APPS.
        "feedback-counts": Area.objects.count(),
        "initiatives": Initiative.objects.exclude(state__in=("draft", "withdrawn")).count(),
    }


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ogrinfo_lists_every_collection_with_its_feature_count(transactional_db, live_server):
    output = run("ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc/")
    layers = re.findall(r"^\d+: (\S+) \(title", output, re.M)
    expected = expected_counts()
    assert layers == list(expected)
    summary = run("ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_server.url}/ogc/")
    counts = dict(re.findall(r"Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)", summary))
    assert {name: int(n) for name, n in counts.items()} == expected


def test_ogr2ogr_reads_every_feature_and_property(transactional_db, live_server, tmp_path):
    target = tmp_path / "cases.geojson"
    run("ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{live_server.url}/ogc/", "cases")
    data = json.loads(target.read_text())
    by_case = {f["properties"]["case_id"]: f for f in data["features"]}
    assert set(by_case) == set(Case.objects.values_list("case_id", flat=True))
    for case in Case.objects.filter(geometry__isnull=False):
        lon, lat = by_case[case.case_id]["geometry"]["coordinates"]
        point = case.geometry.transform(4326, clone=True)
        assert abs(lon - point.x) < 1e-6 and abs(lat - point.y) < 1e-6
        assert by_case[case.case_id]["properties"]["status"] == case.status
    # Paging through GDAL with small pages reaches the same areas.
    output = run("ogrinfo", "-ro", "-oo", "PAGE_SIZE=5", f"OAPIF:{live_server.url}/ogc/", "areas-peruspiiri")
    codes = re.findall(r"^\s+code \(String\) = (\S+)$", output, re.M)
    assert sorted(codes) == sorted(Area.objects.filter(division__slug="peruspiiri").values_list("code", flat=True))


def _db_xy(table: str, column: str, srid: int) -> dict[int, tuple[float, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ST_X(ST_Transform({column}, %s)), ST_Y(ST_Transform({column}, %s)) FROM {table}",
            [srid, srid],
        )
        return {pk: (x, y) for pk, x, y in cursor.fetchall()}


@pytest.mark.parametrize(
    "crs,srid,northing_first,tolerance",
    [(None, 4326, False, 1e-6), (CRS84, 4326, False, 1e-6), (EPSG3067, 3067, False, 0.01), (EPSG3879, 3879, True, 0.01)],
)
def test_owslib_reads_collections_and_items_in_every_offered_crs(
    transactional_db, live_server, crs, srid, northing_first, tolerance
):
    from owslib.ogcapi.features import Features

    api = Features(f"{live_server.url}/ogc/")
    conformance = api.conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance
    collections = api.collections()["collections"]
    assert [c["id"] for c in collections] == list(expected_counts())
    spaces = next(c for c in collections if c["id"] == "spaces")
    assert crs is None or crs in spaces["crs"]
    query = {"limit": 1000} if crs is None else {"limit": 1000, "crs": crs}
    items = api.collection_items("spaces", **query)
    assert items["numberMatched"] == Space.objects.count() == len(items["features"])
    expected = _db_xy("spaces_space", "point", srid)
    for feature in items["features"]:
        first, second = feature["geometry"]["coordinates"]
        if northing_first:
            first, second = second, first
        x, y = expected[feature["id"]]
        assert abs(first - x) <= tolerance and abs(second - y) <= tolerance
    # One area, every polygon vertex, found with a property filter.
    area = Area.objects.filter(division__slug="suurpiiri").order_by("code").first()
    found = api.collection_items("areas-suurpiiri", code=area.code, **({} if crs is None else {"crs": crs}))
    assert found["numberMatched"] == 1
    ring = found["features"][0]["geometry"]["coordinates"][0][0]
    db_ring = area.geometry.transform(srid, clone=True)[0][0].coords
    assert len(ring) == len(db_ring)
    for (a, b), (x, y) in zip(ring, db_ring):
        if northing_first:
            a, b = b, a
        assert abs(a - x) <= tolerance and abs(b - y) <= tolerance


def test_owslib_reads_the_licence_links_and_each_collections_queryables(transactional_db, live_server):
    from django.conf import settings
    from owslib.ogcapi.features import Features

    api = Features(f"{live_server.url}/ogc/")
    for collection in api.collections()["collections"]:
        licences = {link["href"] for link in collection["links"] if link["rel"] == "license"}
        assert licences == {f"{live_server.url}/avoin-data/", settings.OGC_LICENSE_URL}, collection["id"]
        queryables = api.collection_queryables(collection["id"])
        assert queryables["type"] == "object", collection["id"]
    assert set(api.collection_queryables("spaces")["properties"]) == {"kind", "is_free", "self_service", "postal_code"}
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables" in api.conformance()["conformsTo"]

