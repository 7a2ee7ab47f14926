"""Tiles from the once-compiled SQL (ogc.tile_sql) are the tiles the ORM made per
request before it; `?properties=` slims them to what the map needs."""

from __future__ import annotations

import datetime

import mapbox_vector_tile
import pytest
from django.contrib.gis.db.models.functions import Transform
from django.db import connection
from django.utils import translation

from areas.api import params as located_params
from areas.geometry import helsinki_extent, transformed
from ogc import features
from ogc.params import queryable_filters
from ogc.registry import collection_registry
from ogc.tile_sql import tile_query
from ogc.tiles import tile_bounds
from tests.ogc.test_tiles import in_tile

pytestmark = pytest.mark.usefixtures("ogc_world")

TILES = [(0, 0, 0), (12, 2331, 1185), (14, 9326, 4742)]


def tile_before(layer: str, z: int, x: int, y: int, query: dict) -> bytes:
    """The tile as ogc.tiles made it before the SQL was compiled once (commit 1cb0b39):
    the bbox parsed and transformed by GEOS, the queryset filtered and compiled by the ORM."""
    collection = collection_registry.get(layer)
    xmin, ymin, xmax, ymax = tile_bounds(z, x, y)
    sxmin, symin, sxmax, symax = transformed(helsinki_extent(), 3857).extent
    xmin, ymin, xmax, ymax = max(xmin, sxmin), max(ymin, symin), min(xmax, sxmax), min(ymax, symax)
    if xmin >= xmax or ymin >= ymax:
        return b""
    box = located_params.bbox({"bbox": f"{xmin},{ymin},{xmax},{ymax}", "bbox_srid": "3857"})
    lookups = queryable_filters(query, collection)
    queryset = features.filtered(collection, bbox=box, lookups=lookups).order_by()
    sql, params, names = features.table_sql(queryset, collection, Transform(collection.geometry, 3857))
    columns = ", ".join(f'q."{name}"' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsMVT(mvt, %s, %s, 'geom', 'fid') FROM ("
            f"SELECT q.fid, {columns}, ST_AsMVTGeom(q.geometry, ST_TileEnvelope(%s, %s, %s), %s, %s, true) AS geom "
            f"FROM ({sql}) q) mvt WHERE mvt.geom IS NOT NULL",
            (layer, 4096, z, x, y, 4096, 64, *params),
        )
        data = cursor.fetchone()[0]
    return bytes(data or b"")


def by_id(data: bytes, layer: str) -> dict:
    decoded = mapbox_vector_tile.decode(data)
    return {f["id"]: (f["properties"], f["geometry"]) for f in decoded.get(layer, {"features": []})["features"]}


@pytest.mark.parametrize(
    "layer,query",
    [
        ("cases", {}),
        ("cases", {"status": "pending"}),
        ("cases", {"status": "pending,decided", "is_demo": "false"}),
        ("spaces", {}),
        ("spaces", {"kind": "library"}),
        ("areas-osa-alue", {}),
        ("areas-peruspiiri", {"is_approximate": "true"}),
        ("luotsi-areas", {"role": "stadiluotsi"}),
        ("feedback-counts", {"division": "peruspiiri"}),
        ("initiatives", {}),
        ("budget-projects", {"year": "2025,2026"}),
        ("events", {}),
    ],
)
@pytest.mark.parametrize("zxy", TILES)
def test_tiles_are_the_same_as_before(client, layer, query, zxy):
    response = client.get("/tiles/{}/{}/{}/{}.mvt".format(layer, *zxy), query)
    assert response.status_code == 200
    before = tile_before(layer, *zxy, query)
    assert by_id(response.content, layer) == by_id(before, layer)
    assert response.content == before


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_same_as_before_in_every_language(client, language):
    response = client.get("/tiles/cases/12/2331/1185.mvt", HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        before = tile_before("cases", 12, 2331, 1185, {})
    assert by_id(response.content, "cases") and by_id(response.content, "cases") == by_id(before, "cases")


def test_the_statement_is_compiled_once_per_layer_language_and_shape():
    cases = collection_registry.get("cases")
    status = cases.queryable("status")
    first = tile_query(cases, names=("title",), filtered=(status,))
    assert tile_query(cases, names=("title",), filtered=(status,)) is first
    assert tile_query(cases, names=("title", "status"), filtered=(status,)) is not first
    assert tile_query(cases, names=("title",), filtered=()) is not first
    with translation.override("sv"):
        assert tile_query(cases, names=("title",), filtered=(status,)) is not first


def test_a_luotsis_layer_is_compiled_again_each_day():
    """Luotsi.objects.active() binds the day: tomorrow's statement is another one with
    tomorrow in its parameters."""
    layer = collection_registry.get("luotsi-areas")
    today = datetime.date(2026, 12, 5)
    tomorrow = today + datetime.timedelta(days=1)
    first = tile_query(layer, names=("role",), filtered=(), day=today)
    second = tile_query(layer, names=("role",), filtered=(), day=tomorrow)
    assert first is not second


def test_a_division_made_again_is_not_served_from_the_old_statement(client):
    """Area layers come from a provider with the division's key in their queryset: the
    scope keeps a recreated division (same slug, new key) from the old statement."""
    from areas.models import Area, DivisionType

    z, x, y = 10, 583, 296  # the city centre at zoom 10
    url = f"/tiles/areas-osa-alue/{z}/{x}/{y}.mvt"
    division = DivisionType.objects.get(slug="osa-alue")
    where = f"AND division_id = {division.pk}"
    assert len(by_id(client.get(url).content, "areas-osa-alue")) == in_tile("areas_area", "geometry", z, x, y, where) > 3
    old_pk = division.pk
    division.slug = "osa-alue-old"
    division.save()
    renewed = DivisionType.objects.create(slug="osa-alue", name="Osa-alue", level=division.level + 10)
    moved = list(
        Area.objects.filter(division_id=old_pk, pk__in=by_id(client.get(url.replace("osa-alue", "osa-alue-old")).content, "areas-osa-alue-old"))
        .order_by("code")
        .values_list("pk", flat=True)[:3]
    )
    Area.objects.filter(pk__in=moved).update(division=renewed, parent=None)
    assert renewed.pk != old_pk and len(moved) == 3
    assert set(by_id(client.get(url).content, "areas-osa-alue")) == set(moved)


URL = "/tiles/cases/12/2331/1185.mvt"


def test_properties_picks_the_published_properties_named(client):
    full = by_id(client.get(URL).content, "cases")
    slim = by_id(client.get(URL, {"properties": "status,title"}).content, "cases")
    assert slim and slim.keys() == full.keys()
    for fid, (properties, geometry) in slim.items():
        assert properties == {"title": full[fid][0]["title"], "status": full[fid][0]["status"]}
        assert geometry == full[fid][1]


def test_properties_empty_is_every_published_property(client):
    full = client.get(URL).content
    assert client.get(URL, {"properties": ""}).content == full
    assert client.get(URL, {"properties": ",".join(features.property_names(collection_registry.get("cases")))}).content == full


def test_properties_shrink_the_tile(client):
    full, slim = client.get(URL).content, client.get(URL, {"properties": "title"}).content
    assert len(slim) < len(full)


@pytest.mark.parametrize("asked,refused", [("title,author", "author"), ("description", "description"), ("status, origin_id", "origin_id")])
def test_properties_refuses_what_is_not_published(client, asked, refused):
    """Only a published property can be asked for: an internal field is a 400, never a value."""
    layer = "spaces" if refused == "description" else "cases"
    response = client.get(f"/tiles/{layer}/12/2331/1185.mvt", {"properties": asked}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    names = ", ".join(features.property_names(collection_registry.get(layer)))
    assert response.json() == {
        "code": "InvalidParameterValue",
        "description": f"Parameter properties: layer {layer} has no property {refused!r}; it has {names}.",
    }


@pytest.mark.parametrize(
    "language,start",
    [("fi", "Parametri properties: tasolla cases ei ole ominaisuutta 'author'"), ("sv", "Parameter properties: lagret cases har ingen egenskap 'author'")],
)
def test_the_refusal_is_in_the_clients_language(client, language, start):
    response = client.get(URL, {"properties": "author"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400 and response.json()["description"].startswith(start)
