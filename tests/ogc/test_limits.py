"""OGC API limits, each at the limit, one inside and one outside: a page holds 1
to OGC_MAX_LIMIT items (more is lowered to it, as Part 1 asks; less than 1 is a
400), and tiles go from zoom 0 to 22 with x and y from 0 to 2^z - 1."""

from __future__ import annotations

import json

import pytest

from ogc import params as ogc_params

pytestmark = pytest.mark.usefixtures("ogc_world")

OSA_ALUEET = 147  # the demo osa-alueet (fixtures/demo/divisions.json)


def items(client, **query):
    response = client.get("/ogc/collections/areas-osa-alue/items", query)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(body)


@pytest.mark.parametrize("limit, returned", [(1, 1), (2, 2), (29, 29), (30, 30), (31, 30)])
def test_limit_up_to_the_maximum_and_lowered_above_it(client, settings, limit, returned):
    settings.OGC_MAX_LIMIT = 30
    response, body = items(client, limit=limit)
    assert response.status_code == 200
    assert body["numberReturned"] == len(body["features"]) == returned
    assert body["numberMatched"] == OSA_ALUEET


def test_the_default_maximum_returns_every_area(client):
    response, body = items(client, limit=10_001)
    assert response.status_code == 200 and body["numberReturned"] == OSA_ALUEET


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_a_limit_below_1_is_refused(client, limit):
    response, body = items(client, limit=limit)
    assert response.status_code == 400
    assert body["code"] == "InvalidParameterValue"
    assert body["description"] == str(ogc_params.MSG_LIMIT).format(value=limit)


@pytest.mark.parametrize(
    "zxy, ok",
    [
        ("21/0/0", True),
        ("22/0/0", True),  # the deepest zoom
        ("23/0/0", False),
        ("3/7/7", True),  # x and y at 2^3 - 1
        ("3/8/0", False),
        ("3/0/8", False),
    ],
)
def test_tile_zoom_and_coordinates_at_their_limits(client, zxy, ok):
    response = client.get(f"/tiles/spaces/{zxy}.mvt")
    assert response.status_code == (200 if ok else 400)
    if not ok:
        z, x, y = zxy.split("/")
        assert response.json()["code"] == "InvalidParameterValue"
        assert "z from 0 to 22" in response.json()["description"]
        assert f"not {z}/{x}/{y}" in response.json()["description"]
