"""Vector tiles: decoded and compared with PostGIS's own count of what lies in each tile."""

from __future__ import annotations

import mapbox_vector_tile
import pytest
from django.db import connection

from ogc.tiles import tile_bounds

pytestmark = pytest.mark.usefixtures("ogc_world")

# Tiles over central Helsinki at zoom 12 and 14, and one far away (the Atlantic).
CENTRE_12 = (12, 2331, 1185)
STATION_14 = (14, 9326, 4742)


def in_tile(table: str, column: str, z: int, x: int, y: int, where: str = "") -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND "
            f"ST_Intersects(ST_Transform({column}, 3857), ST_TileEnvelope(%s, %s, %s)) {where}",
            [z, x, y],
        )
        return cursor.fetchone()[0]


def decode(response) -> dict:
    return mapbox_vector_tile.decode(response.content)


@pytest.mark.parametrize(
    "layer,table,column,where",
    [
        ("cases", "cases_case", "geometry", ""),
        ("spaces", "spaces_space", "point", ""),
        ("areas-osa-alue", "areas_area", "geometry", "AND division_id = (SELECT id FROM areas_divisiontype WHERE slug = 'osa-alue')"),
    ],
)
@pytest.mark.parametrize("zxy", [CENTRE_12, STATION_14])
def test_tile_holds_what_lies_in_it(client, layer, table, column, where, zxy):
    response = client.get("/tiles/{}/{}/{}/{}.mvt".format(layer, *zxy))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    expected = in_tile(table, column, *zxy, where=where)
    assert expected > 0
    tile = decode(response)
    assert len(tile[layer]["features"]) == expected


def test_tile_features_carry_the_published_properties(client):
    tile = decode(client.get("/tiles/spaces/{}/{}/{}.mvt".format(*STATION_14)))
    properties = tile["spaces"]["features"][0]["properties"]
    assert {"name", "kind"} <= set(properties)
    assert "opening_hours" in properties or "kind" in properties


def test_tile_boundaries_match_postgis():
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ST_TileEnvelope(14, 9326, 4742) e")
        expected = cursor.fetchone()
    assert all(abs(a - b) < 1e-6 for a, b in zip(tile_bounds(*STATION_14), expected))


def test_cache_headers_and_conditional_get(client):
    response = client.get("/tiles/cases/{}/{}/{}.mvt".format(*CENTRE_12))
    assert response["Cache-Control"].startswith("public, max-age=")
    etag = response["ETag"]
    again = client.get("/tiles/cases/{}/{}/{}.mvt".format(*CENTRE_12), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    other = client.get("/tiles/spaces/{}/{}/{}.mvt".format(*CENTRE_12))
    assert other["ETag"] != etag


def test_tiles_far_away_and_at_zoom_0(client):
    far = client.get("/tiles/cases/10/300/400.mvt")
    assert far.status_code == 200 and far.content == b""
    world = decode(client.get("/tiles/spaces/0/0/0.mvt"))
    from spaces.models import Space

    assert len(world["spaces"]["features"]) == Space.objects.count()


@pytest.mark.parametrize("zxy", ["23/0/0", "-1/0/0", "1/2/0", "1/0/2", "a/0/0", "3/1.5/2", "0/0/00000000001"])
def test_bad_tile_coordinates_are_400(client, zxy):
    response = client.get(f"/tiles/cases/{zxy}.mvt")
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"


def test_unknown_layer_is_404(client):
    response = client.get("/tiles/secret/1/0/0.mvt")
    assert response.status_code == 404 and response.json()["code"] == "NotFound"


def test_queryables_filter_tiles_as_they_filter_items(client):
    """The map's case layer asks for ?status=pending: decided cases stay out of its tiles."""
    zxy = CENTRE_12
    url = "/tiles/cases/{}/{}/{}.mvt".format(*zxy)
    pending = decode(client.get(url, {"status": "pending"})).get("cases", {"features": []})["features"]
    everything = decode(client.get(url)).get("cases", {"features": []})["features"]
    assert len(pending) == in_tile("cases_case", "geometry", *zxy, where="AND status = 'pending'")
    assert 0 < len(pending) < len(everything)
    assert {f["properties"]["status"] for f in pending} == {"pending"}
    assert all(f["properties"]["ahjo_id"] == f["properties"]["case_id"].replace(" ", "-") for f in pending)


def test_a_bad_queryable_is_400(client):
    response = client.get("/tiles/cases/12/2331/1185.mvt", {"is_demo": "maybe"})
    assert response.status_code == 400
    assert "is_demo" in response.json()["description"]
