"""OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS)
through Django's test client, compared with the database."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import Polygon
from django.db import connection

from areas.models import Area, DivisionType
from cases.models import Case
from luotsit.models import Luotsi
from ogc import params as ogc_params
from ogc.views import CONFORMANCE
from spaces.models import Space

from .conftest import CRS84, EPSG3067, EPSG3879, EPSG4326

pytestmark = pytest.mark.usefixtures("ogc_world")


def get(client, url, **query):
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, (json.loads(body) if body and response["Content-Type"].endswith("json") else body)


def db_xy(table: str, column: str, pk: int, srid: int) -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_X(ST_Transform({column}, %s)), ST_Y(ST_Transform({column}, %s)) FROM {table} WHERE id = %s",
            [srid, srid, pk],
        )
        return cursor.fetchone()


def test_landing_page_links_the_api_conformance_and_collections(client):
    response, body = get(client, "/ogc/")
    assert response.status_code == 200
    rels = {link["rel"]: link for link in body["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"].startswith("application/vnd.oai.openapi+json")
    assert rels["data"]["href"].endswith("/ogc/collections")


def test_conformance_declares_core_geojson_html_openapi_and_crs(client):
    response, body = get(client, "/ogc/conformance")
    assert set(body["conformsTo"]) == set(CONFORMANCE)
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in body["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30" in body["conformsTo"]


def test_openapi_document_describes_every_collection(client):
    response, _body = get(client, "/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.0")
    for collection_id in ("areas-suurpiiri", "areas-osa-alue", "cases", "spaces", "luotsi-areas"):
        items = document["paths"][f"/collections/{collection_id}/items"]["get"]
        names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in items["parameters"]}
        assert {"limit", "offset", "bbox", "bbox-crs", "crs"} <= names
    case_names = {p.get("name") for p in document["paths"]["/collections/cases/items"]["get"]["parameters"]}
    assert "status" in case_names
    for path in document["paths"].values():
        for ref in [p["$ref"] for p in path["get"]["parameters"] if "$ref" in p]:
            assert ref.rsplit("/", 1)[1] in document["components"]["parameters"]


def test_collections_are_the_divisions_with_areas_and_the_registered_layers(client):
    response, body = get(client, "/ogc/collections")
    ids = [c["id"] for c in body["collections"]]
    assert ids == [
        "areas-suurpiiri",
        "areas-peruspiiri",
        "areas-osa-alue",
        "budget-projects",
        "events",
        "cases",
        "spaces",
        "luotsi-areas",
        "feedback-counts",
        "initiatives",
    ]
    assert body["crs"] == [CRS84, EPSG3067, EPSG3879, EPSG4326]
    cases = next(c for c in body["collections"] if c["id"] == "cases")
    assert cases["storageCrs"] == EPSG3067
    assert cases["extent"]["temporal"]["interval"] == [["2024-01-01T12:00:00Z", "2024-02-01T00:00:00Z"]]
    west, south, east, north = cases["extent"]["spatial"]["bbox"][0]
    assert 24.9 < west < east < 25.0 and 60.1 < south < north < 60.2


def test_resident_areas_become_a_collection_once_they_exist(client):
    division = DivisionType.objects.get(slug="asukasalue")
    box = Polygon.from_bbox((385000, 6672000, 386000, 6673000))
    box.srid = 3067
    from django.contrib.gis.geos import MultiPolygon

    Area.objects.create(division=division, code="A1", name="Korttelin väki", geometry=MultiPolygon(box, srid=3067))
    response, body = get(client, "/ogc/collections")
    assert "areas-asukasalue" in [c["id"] for c in body["collections"]]
    response, body = get(client, "/ogc/collections/areas-asukasalue/items")
    assert body["numberMatched"] == 1 and body["features"][0]["properties"]["name"] == "Korttelin väki"


def test_collection_and_unknown_collection(client):
    response, body = get(client, "/ogc/collections/spaces")
    assert response.status_code == 200 and body["id"] == "spaces"
    assert any(link["rel"] == "items" and link["type"] == "application/geo+json" for link in body["links"])
    response, body = get(client, "/ogc/collections/nothing")
    assert response.status_code == 404 and body["code"] == "NotFound"


@pytest.mark.parametrize("collection_id", ["areas-osa-alue", "cases", "spaces", "luotsi-areas"])
def test_paging_with_next_links_reaches_the_last_item_and_matches_the_database(client, collection_id):
    expected = {
        "areas-osa-alue": list(Area.objects.filter(division__slug="osa-alue").order_by("code", "pk").values_list("pk", flat=True)),
        "cases": list(Case.objects.order_by("-created", "case_id").values_list("pk", flat=True)),
        "spaces": list(Space.objects.order_by("name_fi", "pk").values_list("pk", flat=True)),
        "luotsi-areas": list(
            Luotsi.areas.through.objects.filter(luotsi__in=Luotsi.objects.active())
            .order_by("area__division__level", "area__code", "luotsi__role", "luotsi_id")
            .values_list("pk", flat=True)
        ),
    }[collection_id]
    seen, url, pages = [], f"/ogc/collections/{collection_id}/items?limit=7", 0
    previous_seen = False
    while url:
        response, body = get(client, url.replace("http://testserver", ""))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert body["numberMatched"] == len(expected)
        assert body["numberReturned"] == len(body["features"])
        seen += [f["id"] for f in body["features"]]
        links = {link["rel"]: link["href"] for link in body["links"]}
        previous_seen |= "prev" in links
        url = links.get("next")
        pages += 1
        assert pages < 100
    assert seen == expected
    assert pages == -(-len(expected) // 7)
    assert previous_seen or pages == 1


def test_limit_defaults_to_10_and_is_lowered_to_the_maximum(client, settings):
    response, body = get(client, "/ogc/collections/areas-osa-alue/items")
    assert body["numberReturned"] == 10
    settings.OGC_MAX_LIMIT = 20
    response, body = get(client, "/ogc/collections/areas-osa-alue/items", limit=100000)
    assert response.status_code == 200 and body["numberReturned"] == 20


def test_offset_past_the_end_gives_an_empty_page(client):
    response, body = get(client, "/ogc/collections/cases/items", offset=1000)
    assert response.status_code == 200 and body["features"] == [] and body["numberReturned"] == 0
    assert "next" not in {link["rel"] for link in body["links"]}


def test_unplaced_case_has_null_geometry(client):
    case = Case.objects.get(title_fi="Paikaton asia")
    response, body = get(client, f"/ogc/collections/cases/items/{case.pk}")
    assert response.status_code == 200 and body["geometry"] is None
    assert body["properties"]["case_id"] == case.case_id


@pytest.mark.parametrize(
    "srid,crs,northing_first,tolerance",
    [
        (4326, CRS84, False, 1e-6),
        (3067, EPSG3067, False, 0.01),
        (3879, EPSG3879, True, 0.01),
        (4326, EPSG4326, True, 1e-6),
    ],
)
def test_crs_round_trip_matches_the_database(client, srid, crs, northing_first, tolerance):
    case = Case.objects.filter(geometry__isnull=False).order_by("pk").first()
    query = {} if crs == CRS84 else {"crs": crs}
    response, body = get(client, f"/ogc/collections/cases/items/{case.pk}", **query)
    assert response["Content-Crs"] == f"<{crs}>"
    x, y = db_xy("cases_case", "geometry", case.pk, srid)
    first, second = body["geometry"]["coordinates"]
    if northing_first:
        first, second = second, first
    assert abs(first - x) <= tolerance and abs(second - y) <= tolerance
    # The same in a page of items.
    response, body = get(client, "/ogc/collections/spaces/items", limit=100, **query)
    assert response["Content-Crs"] == f"<{crs}>"
    for feature in body["features"]:
        x, y = db_xy("spaces_space", "point", feature["id"], srid)
        first, second = feature["geometry"]["coordinates"]
        if northing_first:
            first, second = second, first
        assert abs(first - x) <= tolerance and abs(second - y) <= tolerance


def test_epsg_3879_is_northing_first_as_its_definition_says():
    import pyproj

    axes = pyproj.CRS.from_epsg(3879).axis_info
    assert [a.direction for a in axes] == ["north", "east"]
    assert [a.direction for a in pyproj.CRS.from_epsg(3067).axis_info] == ["east", "north"]
    assert [a.direction for a in pyproj.CRS.from_epsg(4326).axis_info] == ["north", "east"]
    assert [crs.northing_first for crs in ogc_params.OFFERED_CRS] == [False, False, True, True]


def test_epsg_4326_by_its_code_is_latitude_first_and_crs84_longitude_first(client):
    case = Case.objects.filter(geometry__isnull=False).order_by("pk").first()
    _response, lonlat = get(client, f"/ogc/collections/cases/items/{case.pk}")
    response, latlon = get(client, f"/ogc/collections/cases/items/{case.pk}", crs="EPSG:4326")
    assert response["Content-Crs"] == f"<{EPSG4326}>"
    assert latlon["geometry"]["coordinates"] == lonlat["geometry"]["coordinates"][::-1]
    assert 60 < latlon["geometry"]["coordinates"][0] < 60.3


def test_short_crs_names_are_accepted_and_answered_with_the_uri(client):
    case = Case.objects.filter(geometry__isnull=False).first()
    response, _body = get(client, f"/ogc/collections/cases/items/{case.pk}", crs="EPSG:3067")
    assert response.status_code == 200 and response["Content-Crs"] == f"<{EPSG3067}>"


def _case_ids_in_bbox(box_3067: tuple) -> set[int]:
    box = Polygon.from_bbox(box_3067)
    box.srid = 3067
    return set(Case.objects.filter(geometry__intersects=box).values_list("pk", flat=True))


def test_bbox_in_every_offered_crs_selects_what_the_database_does(client):
    from tests.cases.factories import STATION_3067

    x0, y0 = STATION_3067.x + 200, STATION_3067.y + 50
    box_3067 = (x0, y0, x0 + 800, y0 + 400)
    expected = _case_ids_in_bbox(box_3067)
    assert 0 < len(expected) < 12
    ring = Polygon.from_bbox(box_3067)
    ring.srid = 3067
    gk25 = ring.transform(3879, clone=True)
    # Exactly the corners, so that the boxes agree: the 3879 box is drawn around the 3067 one.
    xmin, ymin, xmax, ymax = gk25.extent
    answers = {}
    for name, value, crs in [
        ("3067", ",".join(map(str, box_3067)), EPSG3067),
        ("3879", f"{ymin},{xmin},{ymax},{xmax}", EPSG3879),
    ]:
        response, body = get(client, "/ogc/collections/cases/items", bbox=value, **{"bbox-crs": crs}, limit=100)
        assert response.status_code == 200, body
        answers[name] = {f["id"] for f in body["features"]}
    assert answers["3067"] == expected
    assert expected <= answers["3879"]
    lonlat = ring.transform(4326, clone=True).extent
    response, body = get(client, "/ogc/collections/cases/items", bbox=",".join(map(str, lonlat)), limit=100)
    assert expected <= {f["id"] for f in body["features"]}
    assert body["numberMatched"] < 12


def test_datetime_instants_dates_and_intervals(client):
    def ids(value):
        response, body = get(client, "/ogc/collections/cases/items", datetime=value, limit=100)
        assert response.status_code == 200, body
        return body["numberMatched"]

    assert ids("2024-01-03") == 1
    assert ids("2024-01-03T12:00:00Z") == 1
    assert ids("2024-01-03T12:00:01Z") == 0
    assert ids("2024-01-01/2024-01-05") == 5
    assert ids("2024-01-10/..") == 4  # 10th, 11th, 12th January and 1st February
    assert ids("../2024-01-02T12:00:00Z") == 2
    assert ids("2024-01-01T00:00:00+02:00/2024-01-01T14:00:00+02:00") == 1


def test_property_filters(client):
    response, body = get(client, "/ogc/collections/cases/items", status="pending", limit=100)
    assert body["numberMatched"] == Case.objects.filter(status="pending").count() > 0
    assert {f["properties"]["status"] for f in body["features"]} == {"pending"}
    response, body = get(client, "/ogc/collections/cases/items", status="pending,decided")
    assert body["numberMatched"] == Case.objects.filter(status__in=["pending", "decided"]).count()
    response, body = get(client, "/ogc/collections/spaces/items", kind="library")
    assert body["numberMatched"] == Space.objects.filter(kind="library").count() == 2
    response, body = get(client, "/ogc/collections/areas-peruspiiri/items", parent_code="1")
    assert body["numberMatched"] == Area.objects.filter(division__slug="peruspiiri", parent__code="1").count() > 0
    # The demo's boundaries are the city's own (simplified), not approximations.
    response, body = get(client, "/ogc/collections/areas-suurpiiri/items", is_approximate="false")
    assert body["numberMatched"] == Area.objects.filter(division__slug="suurpiiri", is_approximate=False).count() == 8
    Area.objects.filter(division__slug="suurpiiri", code="8").update(is_approximate=True)
    response, body = get(client, "/ogc/collections/areas-suurpiiri/items", is_approximate="true")
    assert [f["properties"]["code"] for f in body["features"]] == ["8"]


@pytest.mark.parametrize(
    "url,query,fragment",
    [
        ("/ogc/collections/cases/items", {"limit": "0"}, "Parameter limit"),
        ("/ogc/collections/cases/items", {"limit": "ten"}, "Parameter limit"),
        ("/ogc/collections/cases/items", {"offset": "-1"}, "Parameter offset"),
        ("/ogc/collections/cases/items", {"bbox": "1,2,3"}, "four (or six) numbers"),
        ("/ogc/collections/cases/items", {"bbox": "a,b,c,d"}, "Parameter bbox"),
        ("/ogc/collections/cases/items", {"bbox": "25,60,24,61"}, "min_x < max_x"),
        ("/ogc/collections/cases/items", {"bbox": "24,60,25,61", "bbox-crs": "EPSG:2393"}, "is not offered"),
        ("/ogc/collections/cases/items", {"bbox-crs": EPSG3067}, "needs bbox"),
        ("/ogc/collections/cases/items", {"crs": "http://www.opengis.net/def/crs/EPSG/0/4258"}, "is not offered"),
        ("/ogc/collections/cases/items", {"crs": "/etc/passwd"}, "is not offered"),
        ("/ogc/collections/cases/items", {"crs": "+proj=longlat"}, "is not offered"),
        ("/ogc/collections/cases/items", {"datetime": "yesterday"}, "Parameter datetime"),
        ("/ogc/collections/cases/items", {"datetime": "2024-02-01/2024-01-01"}, "ends before it starts"),
        ("/ogc/collections/cases/items", {"datetime": "../.."}, "Parameter datetime"),
        ("/ogc/collections/cases/items", {"datetime": "9999-12-31"}, "Parameter datetime"),
        ("/ogc/collections/cases/items", {"datetime": "0001-01-01T00:00:00+05:00/.."}, "Parameter datetime"),
        ("/ogc/collections/areas-suurpiiri/items", {"datetime": "2024-01-01"}, "has no dates"),
        ("/ogc/collections/cases/items", {"colour": "red"}, "Unknown query parameter 'colour'"),
        ("/ogc/collections/cases/items", {"is_demo": "maybe"}, "true or false"),
        ("/ogc/collections/cases/items", {"f": "xml"}, "Parameter f"),
        ("/ogc/collections/cases/items/1", {"crs": "EPSG:31467"}, "is not offered"),
        ("/ogc/", {"limit": "3"}, "Unknown query parameter"),
    ],
)
def test_bad_parameters_are_400_with_an_ogc_exception(client, url, query, fragment):
    response, body = get(client, url, **query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert body["code"] == "InvalidParameterValue"
    assert fragment in body["description"]


def test_unknown_feature_is_404_and_only_get_is_allowed(client):
    for feature_id in ("999999", "abc", "1;DROP"):
        response, body = get(client, f"/ogc/collections/cases/items/{feature_id}")
        assert response.status_code == 404 and body["code"] == "NotFound"
    response = client.post("/ogc/collections/cases/items")
    assert response.status_code == 405 and json.loads(response.content)["code"] == "MethodNotAllowed"


def test_html_representation_by_f_or_accept(client):
    response = client.get("/ogc/collections/cases/items", {"f": "html", "limit": 3})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "HEL 2025-" in html and 'rel="next"' in html
    response = client.get("/ogc/collections", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response["Content-Type"].startswith("text/html") and "/ogc/collections/spaces/items?f=html" in response.content.decode()
    for url in ("/ogc/", "/ogc/conformance", "/ogc/api", "/ogc/collections/cases"):
        response = client.get(url, {"f": "html"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "http://" not in response.content.decode().split("<main>")[0]


def test_luotsi_areas_publish_only_allowed_contacts(client):
    hidden = Luotsi.objects.active().filter(publish_email=False).exclude(email="").first()
    shown = Luotsi.objects.active().filter(publish_email=True).exclude(email="").first()
    assert hidden is not None and shown is not None
    response, body = get(client, "/ogc/collections/luotsi-areas/items", limit=1000)
    emails = {f["properties"]["email"] for f in body["features"]}
    assert hidden.email not in emails and shown.email in emails
    assert hidden.email not in json.dumps(body)
