"""Uploaded files read as they are: 3D coordinates flattened, Swedish names kept (issue 23, item 5)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import inner_point, square

URL = "/api/v1/resident-areas/"


def _ring_4326(side: float = 200):
    return square(inner_point("010"), side).transform(4326, clone=True).coords[0]


def _kml(extended: str) -> bytes:
    coordinates = " ".join(f"{lon},{lat},12.5" for lon, lat in _ring_4326())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><name>Kruunuhaan kortteli</name>{extended}<Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        "</Document></kml>"
    ).encode()


def _upload(client, name: str, data: bytes, **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(URL, {"file": upload, **fields}, format="multipart")


@pytest.mark.django_db
class TestReadAsItIs:
    def test_geojson_with_heights_is_flattened(self, demo_areas, client_as):
        ring = [[lon, lat, 12.5] for lon, lat in _ring_4326()]
        feature = {"type": "Feature", "properties": {"name": "Korkea"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        response = _upload(client_as("author"), "alue.geojson", json.dumps(feature).encode())
        assert response.status_code == 201, response.content
        assert response.json()["properties"]["surface_m2"] == pytest.approx(40_000, rel=1e-3)

    def test_kml_swedish_name_is_kept(self, demo_areas, client_as):
        extended = '<ExtendedData><Data name="name_sv"><value>Kronohagens kvarter</value></Data></ExtendedData>'
        response = _upload(client_as("author"), "alue.kml", _kml(extended))
        assert response.status_code == 201, response.content
        properties = response.json()["properties"]
        assert (properties["name_fi"], properties["name_sv"]) == ("Kruunuhaan kortteli", "Kronohagens kvarter")

    def test_kml_schema_data_swedish_name_is_kept(self, demo_areas, client_as):
        extended = (
            '<ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="nimi_se">Kronohagens kvarter</SimpleData>'
            "</SchemaData></ExtendedData>"
        )
        response = _upload(client_as("author"), "alue.kml", _kml(extended))
        assert response.json()["properties"]["name_sv"] == "Kronohagens kvarter"

    def test_a_swedish_name_typed_wins_over_the_file(self, demo_areas, client_as):
        extended = '<ExtendedData><Data name="name_sv"><value>Kronohagens kvarter</value></Data></ExtendedData>'
        response = _upload(client_as("author"), "alue.kml", _kml(extended), name_sv="Kvarteret")
        assert response.json()["properties"]["name_sv"] == "Kvarteret"

    def test_kml_without_swedish_name_falls_back_to_finnish(self, demo_areas, client_as):
        response = _upload(client_as("author"), "alue.kml", _kml(""))
        assert response.json()["properties"]["name_sv"] == "Kruunuhaan kortteli"
