"""What the planners' GIS clients need besides the features (issue 22 item 3): licence and
attribution, EPSG:4326 beside CRS84, queryables (Part 3), TileJSON, and the feedback and
initiative layers, of which nothing private comes out."""

from __future__ import annotations

import json

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import connection
from django.db.models import FloatField, IntegerField, Value
from django.db.models.sql import Query

from areas.located import published_count, published_count_expression
from areas.models import Area
from cases.models import Case
from feedback import services as feedback_services
from feedback.models import FeedbackRequest, Sector, Service
from initiatives import services as initiative_services
from initiatives.models import InitiativeCategory
from ogc.views import CONFORMANCE

from .conftest import CRS84, EPSG4326

pytestmark = pytest.mark.django_db

QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
# A point in Kallio (suurpiiri 3 of the demo areas), and its exact value that must never be published.
KALLIO = (24.951234, 60.184321)


def get_json(client, path, **query):
    response = client.get(path, query)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(body)


def test_every_collection_links_its_licence_and_says_whom_to_attribute(client, ogc_world):
    _response, body = get_json(client, "/ogc/collections")
    assert body["collections"]
    for collection in body["collections"]:
        licences = {link["href"] for link in collection["links"] if link["rel"] == "license"}
        assert licences == {"http://testserver/avoin-data/", CC_BY}, collection["id"]
        assert collection["attribution"] == settings.OGC_ATTRIBUTION
        assert collection["crs"][0] == CRS84 and EPSG4326 in collection["crs"]
    _response, landing = get_json(client, "/ogc/")
    assert {link["href"] for link in landing["links"] if link["rel"] == "license"} == {"http://testserver/avoin-data/", CC_BY}
    # The open-data page the link names is there.
    assert client.get("/avoin-data/").status_code == 200


def test_queryables_are_a_json_schema_of_the_filterable_properties(client, ogc_world):
    _response, collection = get_json(client, "/ogc/collections/cases")
    link = next(link for link in collection["links"] if link["rel"] == QUERYABLES_REL)
    assert link["href"] == "http://testserver/ogc/collections/cases/queryables" and link["type"] == "application/schema+json"
    response, schema = get_json(client, "/ogc/collections/cases/queryables")
    assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == link["href"] and schema["type"] == "object"
    assert set(schema["properties"]) == {"status", "sector_code", "classification_code", "case_id", "is_demo"}
    assert schema["properties"]["is_demo"]["type"] == "boolean"
    # Each one filters the items as the schema says.
    _response, items = get_json(client, "/ogc/collections/cases/items", status="decided", limit=100)
    assert items["features"] and {f["properties"]["status"] for f in items["features"]} == {"decided"}


def test_queryables_of_an_unknown_collection_are_404_and_the_class_is_declared(client, ogc_world):
    response, body = get_json(client, "/ogc/collections/nothing/queryables")
    assert response.status_code == 404 and body["code"] == "NotFound"
    response, body = get_json(client, "/ogc/collections/cases/queryables", sortby="x")
    assert response.status_code == 400
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables" in CONFORMANCE
    _response, conformance = get_json(client, "/ogc/conformance")
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters" in conformance["conformsTo"]
    _response, api = get_json(client, "/ogc/api")
    assert "/collections/cases/queryables" in api["paths"]


def test_queryables_as_html(client, ogc_world):
    response = client.get("/ogc/collections/spaces/queryables", {"f": "html"})
    assert response.status_code == 200 and b"self_service" in response.content


def test_tilejson_for_every_layer(client, ogc_world):
    _response, collections = get_json(client, "/ogc/collections")
    for collection in collections["collections"]:
        response, doc = get_json(client, f"/tiles/{collection['id']}.json")
        assert response.status_code == 200, collection["id"]
        assert doc["tilejson"] == "3.0.0"
        assert doc["tiles"] == [f"http://testserver/tiles/{collection['id']}/{{z}}/{{x}}/{{y}}.mvt"]
        assert (doc["minzoom"], doc["maxzoom"]) == (0, 22)
        assert [layer["id"] for layer in doc["vector_layers"]] == [collection["id"]]
        west, south, east, north = doc["bounds"]
        assert 24.5 < west <= east < 25.5 and 59.8 < south <= north < 60.5, collection["id"]  # the city, with its margin
        assert doc["attribution"] == settings.OGC_ATTRIBUTION


def test_tilejson_fields_are_what_the_tiles_carry(client, ogc_world):
    _response, doc = get_json(client, "/tiles/spaces.json")
    fields = doc["vector_layers"][0]["fields"]
    response = client.get("/tiles/spaces/10/582/296.mvt")
    tile = mapbox_vector_tile.decode(response.content)["spaces"]
    assert set(tile["features"][0]["properties"]) <= set(fields)
    _response, doc = get_json(client, "/tiles/budget-projects.json")
    fields = doc["vector_layers"][0]["fields"]
    assert (fields["cost_eur"], fields["on_ballot"], fields["title"]) == ("Number", "Boolean", "String")


def test_tilejson_of_an_unknown_layer_is_404(client):
    response, body = get_json(client, "/tiles/nothing.json")
    assert response.status_code == 404 and body["code"] == "NotFound"


@pytest.fixture
def feedback_world(demo_areas):
    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    service = Service.objects.create(service_code="171", service_name_en="Pothole", service_name_fi="Kuoppa", default_sector=sector)
    for _ in range(3):
        feedback_services.feedback_create(service=service, description="A deep pothole.", point=Point(*KALLIO, srid=4326))
    return {"sector": sector, "service": service}


def _counts(client, division):
    _response, body = get_json(client, "/ogc/collections/feedback-counts/items", division=division, limit=1000)
    return {f["properties"]["code"]: f["properties"]["feedback_count"] for f in body["features"]}, body


def test_feedback_counts_per_area_as_the_map_counts_them(client, feedback_world):
    from feedback.selectors import feedback_area_counts

    counts, body = _counts(client, "suurpiiri")
    area = Area.objects.get(division__slug="suurpiiri", geometry__contains=Point(*KALLIO, srid=4326).transform(3067, clone=True))
    assert counts[area.code] == 3
    assert sum(v for v in counts.values() if v) == 3
    expected = {a.code: a.feedback_count for a in feedback_area_counts(division=area.division)}
    assert counts == expected
    text = json.dumps(body)
    assert str(KALLIO[0]) not in text and "pothole" not in text.lower()


GRID_CELLS = settings.SMALL_AREA_CELLS * FeedbackRequest.published_grid_m**2
LOW = settings.SMALL_AREA_MIN_COUNT


@pytest.mark.parametrize("surface", [GRID_CELLS - 1, GRID_CELLS, GRID_CELLS + 1])
@pytest.mark.parametrize("count", [0, 1, LOW - 1, LOW, LOW + 1])
def test_the_sql_count_rule_is_published_count_at_its_limits(db, surface, count):
    for model in (FeedbackRequest, Case):  # published on a grid, and exactly
        expression = published_count_expression(
            model=model,
            count=Value(count, output_field=IntegerField()),
            surface_m2=Value(float(surface), output_field=FloatField()),
        )
        query = Query(None)
        query.add_annotation(expression, "shown")
        sql, params = query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            (shown,) = cursor.fetchone()
        assert shown == published_count(model=model, count=count, surface_m2=surface), (model, surface, count)


def test_feedback_counts_in_every_division_equal_the_maps(client, feedback_world):
    from areas.models import DivisionType
    from feedback.selectors import feedback_area_counts

    for division in DivisionType.objects.filter(areas__isnull=False).distinct():
        counts, _body = _counts(client, division.slug)
        assert counts == {a.code: a.feedback_count for a in feedback_area_counts(division=division)}, division.slug


@pytest.fixture
def initiative_world(feedback_world):
    author = get_user_model().objects.create_user("sentinel-initiative-author")
    category = InitiativeCategory.objects.create(code="environment", name_en="Environment", name_fi="Ympäristö", sector=feedback_world["sector"])
    shown = initiative_services.initiative_create(
        author=author, title="More trees on the street", text="Plant more trees along the whole street.",
        category=category, point=Point(*KALLIO, srid=4326),
    )  # fmt: skip
    draft = initiative_services.initiative_create(
        author=author, title="A draft about benches", text="Benches along the shore path, please.",
        category=category, point=Point(*KALLIO, srid=4326), submit=False,
    )  # fmt: skip
    return {"shown": shown, "draft": draft}


def test_initiatives_layer_shows_what_the_public_list_does_and_never_the_author(client, initiative_world):
    _response, body = get_json(client, "/ogc/collections/initiatives/items", limit=100)
    assert [f["id"] for f in body["features"]] == [initiative_world["shown"].pk]
    feature = body["features"][0]
    assert feature["properties"]["title"] == "More trees on the street"
    assert feature["properties"]["state"] == "submitted" and feature["properties"]["category"] == "environment"
    assert "sentinel" not in json.dumps(body)
    response = client.get("/tiles/initiatives/10/582/296.mvt")
    tile = mapbox_vector_tile.decode(response.content)
    assert [f["properties"]["title"] for f in tile["initiatives"]["features"]] == ["More trees on the street"]
    assert "sentinel" not in response.content.decode("latin-1")


def test_feedback_tiles_are_areas_with_counts_never_points(client, feedback_world):
    response = client.get("/tiles/feedback-counts/10/582/296.mvt", {"division": "suurpiiri"})
    layer = mapbox_vector_tile.decode(response.content)["feedback-counts"]
    assert layer["features"]
    assert {f["geometry"]["type"] for f in layer["features"]} <= {"Polygon", "MultiPolygon"}
    assert 3 in {f["properties"].get("feedback_count") for f in layer["features"]}
