"""Vector tiles: decoded and compared with PostGIS's own count of what lies in each tile."""

from __future__ import annotations

import mapbox_vector_tile
import pytest
from django.db import connection

from ogc.tiles import tile_bounds
from tests.cases import factories

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


def test_tile_features_carry_the_published_properties_and_nothing_else(client):
    """A space's tile feature has its published values; its internal fields (the free
    description, the accessibility notes, where it was imported from) are absent."""
    space = factories.space(
        "Julkaistu tila",
        factories.STATION_3067,
        kind="library",
        opening_hours_text_fi="ma-pe 8-20",
        description="Sisäinen kuvaus",
        accessibility="Sisäinen esteettömyysmuistiinpano",
    )
    response = client.get("/tiles/spaces/{}/{}/{}.mvt".format(*STATION_14))
    features = decode(response)["spaces"]["features"]
    properties = next(f["properties"] for f in features if f["id"] == space.pk)
    assert properties["name"] == properties["name_fi"] == "Julkaistu tila"
    assert properties["kind"] == "library"
    assert properties["opening_hours"] == "ma-pe 8-20"
    assert {"description", "accessibility", "origin_id", "source", "footprint", "geometry", "point"}.isdisjoint(properties)
    for secret in ("Sisäinen kuvaus", "Sisäinen esteettömyysmuistiinpano", space.origin_id):
        assert secret.encode() not in response.content


def test_tiles_hold_a_luotsis_contacts_only_where_published(client):
    from luotsit.models import Luotsi

    luotsi = Luotsi.objects.active().filter(areas__isnull=False).exclude(email="").exclude(phone="").first()
    Luotsi.objects.filter(pk=luotsi.pk).update(publish_email=True, publish_phone=False)
    url = "/tiles/luotsi-areas/0/0/0.mvt"
    mine = [f["properties"] for f in decode(client.get(url))["luotsi-areas"]["features"] if f["properties"]["luotsi_name"] == luotsi.name]
    assert mine and all(p["email"] == luotsi.email and "phone" not in p for p in mine)
    Luotsi.objects.filter(pk=luotsi.pk).update(publish_email=False, publish_phone=True)
    response = client.get(url)
    mine = [f["properties"] for f in decode(response)["luotsi-areas"]["features"] if f["properties"]["luotsi_name"] == luotsi.name]
    assert mine and all(p["phone"] == luotsi.phone and "email" not in p for p in mine)
    assert luotsi.email.encode() not in response.content


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
