"""GeoJSON from the API is compressed for clients that accept it; pages are not (BREACH)."""

import gzip
import json

import pytest

pytestmark = pytest.mark.usefixtures("demo_areas")


def test_api_geojson_is_gzipped_for_clients_that_accept_it(client):
    plain = client.get("/api/v1/areas/", {"division": "osa-alue", "page_size": 1000})
    packed = client.get("/api/v1/areas/", {"division": "osa-alue", "page_size": 1000}, HTTP_ACCEPT_ENCODING="gzip")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert len(packed.content) * 3 < len(plain.content)


def test_pages_are_not_compressed(client):
    page = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200
    assert "Content-Encoding" not in page
