"""Bad query parameters where reads meet geometry: point lookups, the located lists' filters,
similar-item searches, OGC API - Features and vector tiles (issue 10, point 2).

Each is a 4xx with a message that names the parameter or the problem; none is
a 500. A read stores nothing, so there is nothing to count.
"""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from tests.cases import factories

from .bad_input_corpus import BAD_SRIDS, SRID
from .helpers_bad_input import assert_refused

pytestmark = pytest.mark.django_db

LATIN1_FINNISH = "P%E4%E4kaupunkiseutu"  # 'Pääkaupunkiseutu' percent-encoded as Latin-1
INVALID_UTF8 = "%C3%28%FF"


@pytest.fixture
def world(demo_areas):
    """Areas and luotsit, for the controls; the refusals need none (they come before any query)."""
    call_command("load_demo_luotsit", verbosity=0)


def get(client, url: str):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


# --- Point lookups: /api/v1/lookup/ and /api/v1/luotsit/lookup/ -----------------------------

POINT_QUERIES = [
    ("nan", "lat=nan&lon=nan", ("lat", "coordinate", "number")),
    ("infinity", "lat=inf&lon=24.95", ("lat", "coordinate", "number")),
    ("1e309", "lat=1e309&lon=24.95", ("lat", "coordinate", "number")),
    ("beyond-the-pole", "lat=95&lon=24.95", ("lat", "range")),
    ("comma-decimal", "lat=60,17&lon=24,95", ("lat", "number")),
    ("words", f"lat={LATIN1_FINNISH}&lon=24.95", ("lat", "number")),
    ("only-lat", "lat=60.17", ("lat", "lon")),
    ("lat-with-srid", "lat=60.17&lon=24.95&srid=3067", ("srid",)),
    ("x-without-srid", "x=385000&y=6672000", ("srid",)),
    ("degrees-as-3879", "x=24.95&y=60.17&srid=3879", ("out of range",)),
    ("degrees-as-3067", "x=24.95&y=60.17&srid=3067", ("out of range",)),
    ("huge-x", "x=1e300&y=1e300&srid=3067", ("out of range",)),
    ("nan-x", "x=nan&y=6672000&srid=3067", ("x", "number")),
    ("latin-1-srid", f"x=385000&y=6672000&srid={LATIN1_FINNISH}", SRID),
    ("invalid-utf-8-srid", f"x=385000&y=6672000&srid={INVALID_UTF8}", SRID),
]
LOOKUPS = ["/api/v1/lookup/", "/api/v1/luotsit/lookup/"]


@pytest.mark.parametrize("url", LOOKUPS)
@pytest.mark.parametrize("name, query, expected", POINT_QUERIES, ids=[q[0] for q in POINT_QUERIES])
def test_point_lookups(db, client, url, name, query, expected):
    assert_refused(get(client, f"{url}?{query}"), expected)


@pytest.mark.parametrize("url", LOOKUPS)
@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_point_lookup_srid_outside_the_allowlist(db, client, url, item):
    from urllib.parse import quote

    assert_refused(get(client, f"{url}?x=385000&y=6672000&srid={quote(item.payload)}"), item.expected)


def test_control_lookup_in_3879_urn(world, client):
    """The allowed URN is read as EPSG:3879: the answer is the lookup of the same point in degrees."""
    response = get(client, "/api/v1/lookup/?x=25497200&y=6673300&srid=urn:ogc:def:crs:EPSG::3879")
    assert response.status_code == 200, response.content
    same = Point(25497200, 6673300, srid=3879).transform(4326, clone=True)
    in_degrees = get(client, f"/api/v1/lookup/?lat={same.y:.8f}&lon={same.x:.8f}")
    assert in_degrees.status_code == 200, in_degrees.content
    assert response.json()["areas"] == in_degrees.json()["areas"]
    assert {a["division"] for a in response.json()["areas"]} >= {"suurpiiri", "peruspiiri", "osa-alue"}


# --- The located lists' shared filters -----------------------------------------------------

LOCATED_LISTS = [
    "/api/v1/cases/",
    "/api/v1/spaces/",
    "/api/v1/initiatives/",
    "/api/v1/budgeting/proposals/",
    "/api/v1/budgeting/projects/",
]
FILTER_QUERIES = [
    ("bbox-nan", "bbox=nan,nan,nan,nan", ("bbox",)),
    ("bbox-inf", "bbox=-inf,-inf,inf,inf", ("bbox",)),
    ("bbox-1e309", "bbox=24.9,60.1,1e309,60.2", ("bbox",)),
    ("bbox-three-numbers", "bbox=24.9,60.1,25.0", ("bbox",)),
    ("bbox-reversed", "bbox=25.0,60.2,24.9,60.1", ("bbox",)),
    ("bbox-swapped-lat-lon", "bbox=60.1,24.9,60.2,25.0&bbox_srid=3067", ("out of range",)),
    ("bbox-beyond-the-pole", "bbox=24.9,60.1,25.0,95", ("out of range",)),
    ("bbox-latin-1", f"bbox={LATIN1_FINNISH}", ("bbox",)),
    ("bbox-srid-alone", "bbox_srid=3067", ("bbox",)),
    ("bbox-srid-unknown", "bbox=24.9,60.1,25.0,60.2&bbox_srid=EPSG:999999", SRID),
    ("bbox-srid-proj", "bbox=24.9,60.1,25.0,60.2&bbox_srid=%2Bproj%3Dmerc%20%2Binit%3D%2Fetc%2Fpasswd", SRID),
    ("bbox-srid-invalid-utf-8", f"bbox=24.9,60.1,25.0,60.2&bbox_srid={INVALID_UTF8}", SRID),
    ("near-nan", "near=nan,nan", ("near",)),
    ("near-one-number", "near=60.17", ("near",)),
    ("near-swapped-far", "near=24.95,200", ("near",)),
    ("radius-alone", "radius=100", ("radius",)),
    ("radius-negative", "near=60.17,24.95&radius=-5", ("radius",)),
    ("radius-1e309", "near=60.17,24.95&radius=1e309", ("radius",)),
    ("radius-nan", "near=60.17,24.95&radius=nan", ("radius",)),
    ("within-words", "within=abc", ("within",)),
    ("within-huge", "within=99999999999999999999999999", ("within",)),
    ("area-negative", "area=-1", ("area",)),
    ("area-latin-1", f"area={LATIN1_FINNISH}", ("area",)),
    ("division-unknown", f"division={LATIN1_FINNISH}", ("division",)),
    ("srid-unknown", "srid=EPSG:999999", SRID),
    ("srid-proj", "srid=%2Bproj%3Dlonglat", SRID),
    ("page-size-1e309", "page_size=1e309", ("page_size", "whole number", "invalid page")),
    ("page-nan", "page=nan", ("page", "invalid")),
    ("q-nul-byte", "q=Kallio%00", ("q", "character", "nul")),
]


@pytest.mark.parametrize("url", LOCATED_LISTS)
@pytest.mark.parametrize("name, query, expected", FILTER_QUERIES, ids=[q[0] for q in FILTER_QUERIES])
def test_located_list_filters(db, client, url, name, query, expected):
    assert_refused(get(client, f"{url}?{query}"), expected)


def test_control_located_list_bbox_in_3879(world, client):
    """The box is read in EPSG:3879: the case inside it is listed, the one 14 km east is not."""
    inside = factories.case(title="Asemalla", geometry=factories.STATION_3067)
    factories.case(title="Vuosaaressa", geometry=factories.at(14000, 5000))
    response = get(client, "/api/v1/cases/?bbox=25490000,6670000,25500000,6680000&bbox_srid=urn:ogc:def:crs:EPSG::3879")
    assert response.status_code == 200, response.content
    assert [f["id"] for f in response.json()["features"]] == [inside.pk]


SIMILAR = ["/api/v1/budgeting/proposals/similar/", "/api/v1/feedback/similar/", "/api/v1/initiatives/similar/"]


@pytest.mark.parametrize("url", SIMILAR)
@pytest.mark.parametrize(
    "query, expected",
    [
        ("title=Penkki&lat=nan&lon=nan", ("lat", "coordinate", "number")),
        ("title=Penkki&x=24.95&y=60.17&srid=3879", ("out of range",)),
        ("title=Penkki&x=385000&y=6672000&srid=EPSG:999999", SRID),
        (f"title={LATIN1_FINNISH}&lat=1e309&lon=24.95", ("lat", "coordinate", "number")),
    ],
)
def test_similar_searches(db, client, url, query, expected):
    from tests.budgeting.conftest import make_round

    # The other parameters each search needs (round, description) are given, so the refusal is the place's.
    round = make_round()
    assert_refused(get(client, f"{url}?{query}&text=Penkki&description=Penkki+rantaan&round={round.pk}"), expected)


@pytest.mark.parametrize("url", ["/api/v1/areas/", "/api/v1/resident-areas/"])
@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_output_srid_outside_the_allowlist(db, client, url, item):
    from urllib.parse import quote

    assert_refused(get(client, f"{url}?srid={quote(item.payload)}"), item.expected)


# --- OGC API - Features and tiles ------------------------------------------------------------

OGC_ITEMS = "/ogc/collections/cases/items"
OGC_QUERIES = [
    ("bbox-nan", "bbox=nan,nan,nan,nan", ("bbox",)),
    ("bbox-five-numbers", "bbox=1,2,3,4,5", ("bbox",)),
    ("bbox-crs-alone", "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3067", ("bbox",)),
    ("bbox-crs-unknown", "bbox=1,2,3,4&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/999999", ("bbox-crs", "not offered")),
    ("bbox-crs-garbage", "bbox=1,2,3,4&bbox-crs=EPSG:foo", ("bbox-crs", "not offered")),
    ("bbox-crs-proj", "bbox=1,2,3,4&bbox-crs=%2Bproj%3Dmerc", ("bbox-crs", "not offered")),
    ("bbox-crs-latin-1", f"bbox=1,2,3,4&bbox-crs={LATIN1_FINNISH}", ("bbox-crs", "not offered")),
    ("crs-unknown", "crs=http://www.opengis.net/def/crs/EPSG/0/2154", ("crs", "not offered")),
    ("crs-proj", "crs=%2Bproj%3Dlonglat%20%2Binit%3D%2Fetc%2Fpasswd", ("crs", "not offered")),
    ("crs-invalid-utf-8", f"crs={INVALID_UTF8}", ("crs", "not offered")),
    ("limit-negative", "limit=-1", ("limit",)),
    ("limit-1e309", "limit=1e309", ("limit",)),
    ("limit-huge", "limit=99999999999999999999999999", ("limit",)),
    ("offset-nan", "offset=nan", ("offset",)),
    ("datetime-garbage", "datetime=yesterday", ("datetime",)),
    ("datetime-month-13", "datetime=2024-13-45", ("datetime",)),
    ("datetime-reversed", "datetime=2024-12-01/2024-01-01", ("datetime", "interval")),
    ("datetime-latin-1", f"datetime={LATIN1_FINNISH}", ("datetime",)),
    ("unknown-parameter", "p%E4%E4=1", ("unknown query parameter",)),
    ("queryable-nul", "status=pending%00", ("status", "character", "nul")),
]


@pytest.mark.parametrize("name, query, expected", OGC_QUERIES, ids=[q[0] for q in OGC_QUERIES])
def test_ogc_items(db, client, name, query, expected):
    assert_refused(get(client, f"{OGC_ITEMS}?{query}"), expected)


@pytest.mark.parametrize(
    "path",
    [
        "/tiles/cases/99/0/0.mvt",
        "/tiles/cases/1/5/5.mvt",
        "/tiles/cases/-1/0/0.mvt",
        "/tiles/cases/abc/0/0.mvt",
        "/tiles/cases/1e309/0/0.mvt",
        "/tiles/cases/3/99999999999999999999999/0.mvt",
        "/tiles/cases/%E4/0/0.mvt",
        "/tiles/cases/12/2331/1185.mvt?status=%00",
    ],
)
def test_tiles(db, client, path):
    response = get(client, path)
    assert response.status_code != 500
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
