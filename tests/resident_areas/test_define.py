"""The three ways of defining a resident area, and every refusal (a 400 with a message, nothing stored)."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.geometry import MSG_SRID_NOT_ALLOWED, allowed_srids_text
from geo_osallisuus.permissions import MSG_SIGN_IN
from resident_areas import parsing, validation
from resident_areas.api.views import MSG_ONE_WAY
from resident_areas.models import ResidentArea, ResidentAreaVersion
from resident_areas.services import MSG_UNKNOWN_AREAS

from tests.boundary_places import NEIGHBOURS, place

from .conftest import area, geojson_of, inner_point, square

URL = "/api/v1/resident-areas/"


def post(client, **body):
    return client.post(URL, body, format="json")


def refused(response, message) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == str(message)
    assert not ResidentArea.objects.exists()
    assert not ResidentAreaVersion.objects.exists()


def kml(coordinates: str, extra: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{extra}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>Kruunuhaan kortteli</name><Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        "</Document></kml>"
    ).encode()


def kml_square(code: str = "010", side: float = 200) -> bytes:
    ring = square(inner_point(code), side).transform(4326, clone=True).coords[0]
    return kml(" ".join(f"{lon},{lat},0" for lon, lat in ring))


@pytest.mark.django_db
class TestThreeWays:
    def test_drawn_geojson_in_3067(self, demo_areas, client_as, users):
        shape = square(inner_point(), 200)
        response = post(client_as("author"), name_fi="Kortteli", geometry=geojson_of(shape), srid="3067")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["type"] == "Feature"
        assert body["properties"]["state"] == "proposed"
        assert body["properties"]["source"] == "drawn"
        assert body["properties"]["is_mine"] is True
        assert body["properties"]["surface_m2"] == pytest.approx(40_000, abs=0.5)
        assert body["repaired"] is False and body["clipped"] is False and body["notices"] == []
        stored = ResidentArea.objects.get()
        assert stored.author == users["author"]
        assert stored.geometry.srid == 3067
        assert stored.geometry.equals_exact(MultiPolygon(shape, srid=3067), 1e-6)
        assert stored.versions.count() == 1

    def test_drawn_geojson_default_4326_as_feature(self, demo_areas, client_as):
        shape = square(inner_point(), 200).transform(4326, clone=True)
        feature = {"type": "Feature", "properties": {"name": "Nimi tiedostosta"}, "geometry": geojson_of(shape)}
        response = post(client_as("author"), geometry=feature, srid="EPSG:4326", submit=False)
        assert response.status_code == 201, response.content
        properties = response.json()["properties"]
        assert properties["state"] == "draft"
        assert properties["name_fi"] == "Nimi tiedostosta"
        assert properties["surface_m2"] == pytest.approx(40_000, rel=1e-3)

    def test_uploaded_kml(self, demo_areas, client_as):
        upload = SimpleUploadedFile("alue.kml", kml_square(), content_type="application/vnd.google-earth.kml+xml")
        response = client_as("author").post(URL, {"file": upload}, format="multipart")
        assert response.status_code == 201, response.content
        properties = response.json()["properties"]
        assert properties["source"] == "file"
        assert properties["name_fi"] == "Kruunuhaan kortteli"
        assert properties["surface_m2"] == pytest.approx(40_000, rel=1e-3)

    def test_uploaded_geojson_with_named_crs(self, demo_areas, client_as):
        shape = square(inner_point(), 300).transform(3879, clone=True)
        collection = {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3879"}},
            "features": [{"type": "Feature", "properties": {}, "geometry": geojson_of(shape)}],
        }
        upload = SimpleUploadedFile("alue.geojson", json.dumps(collection).encode(), content_type="application/geo+json")
        response = client_as("author").post(URL, {"file": upload, "name_fi": "Kolmesataa"}, format="multipart")
        assert response.status_code == 201, response.content
        assert response.json()["properties"]["surface_m2"] == pytest.approx(90_000, rel=1e-3)

    def test_union_of_official_areas(self, demo_areas, client_as):
        a, b = area("osa-alue", "010"), area("osa-alue", "020")
        response = post(client_as("author"), name_fi="Kruununhaka ja Kluuvi", areas=[a.pk, b.pk])
        assert response.status_code == 201, response.content
        stored = ResidentArea.objects.get()
        assert stored.source == "areas"
        assert stored.geometry.area == pytest.approx(a.geometry.area + b.geometry.area, rel=1e-9)
        assert stored.geometry.sym_difference(a.geometry.union(b.geometry)).area < 1e-3

    def test_self_intersecting_polygon_is_repaired_and_the_user_told(self, demo_areas, client_as):
        x, y = inner_point()
        bowtie = Polygon(((x - 150, y - 150), (x + 150, y + 150), (x + 150, y - 150), (x - 150, y + 150), (x - 150, y - 150)), srid=3067)
        assert not bowtie.valid
        response = post(client_as("author"), name_fi="Rusetti", geometry=geojson_of(bowtie), srid="3067")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["repaired"] is True
        assert str(validation.MSG_REPAIRED) in body["notices"]
        assert ResidentArea.objects.get().geometry.valid
        assert ResidentAreaVersion.objects.get().repaired is True

    def test_part_outside_the_city_is_clipped(self, demo_areas, client_as):
        # A square around the city's northernmost point reaches over the border into Vantaa.
        from django.contrib.gis.db.models import Union

        from areas.models import Area

        city = Area.objects.filter(division__slug="suurpiiri").aggregate(u=Union("geometry"))["u"]
        polygons = list(city) if city.geom_type == "MultiPolygon" else [city]
        x, y = max((c for polygon in polygons for c in polygon[0]), key=lambda c: c[1])
        shape = square((x, y - 500), 2000)
        assert not city.covers(shape)
        response = post(client_as("author"), name_fi="Saaret ja meri", geometry=geojson_of(shape), srid="3067")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["clipped"] is True
        assert any(n.startswith("The parts outside Helsinki") for n in body["notices"])
        stored = ResidentArea.objects.get().geometry
        assert stored.area < shape.area
        assert stored.difference(city).area < 1.0


@pytest.mark.django_db
class TestRefusals:
    def test_anonymous_cannot_create(self, demo_areas, client_as):
        response = post(client_as("anonymous"), name_fi="x", areas=[area("osa-alue", "010").pk])
        assert response.status_code == 403
        assert response.json()["detail"] == str(MSG_SIGN_IN)
        assert not ResidentArea.objects.exists()

    def test_empty(self, demo_areas, client_as):
        response = post(client_as("author"), name_fi="x", geometry={"type": "Polygon", "coordinates": []}, srid="3067")
        refused(response, parsing.MSG_GEOJSON_NO_POLYGON)

    def test_too_small(self, demo_areas, client_as):
        shape = square(inner_point(), 30)  # 900 m²
        response = post(client_as("author"), name_fi="x", geometry=geojson_of(shape), srid="3067")
        refused(response, validation.MSG_TOO_SMALL.format(area=900.0, limit=validation.MIN_AREA_M2))

    def test_too_large(self, demo_areas, client_as):
        # Most of the city: the union of the big northern and eastern osa-alueet is well over 100 km².
        ids = list(area("suurpiiri", code).pk for code in ("4", "5", "7"))
        response = post(client_as("author"), name_fi="x", areas=ids)
        assert response.status_code == 400
        assert response.json()["detail"].startswith("The area is ") and "at most 100 km²" in response.json()["detail"]
        assert not ResidentArea.objects.exists()

    def test_too_complex(self, demo_areas, client_as):
        import math

        x, y = inner_point()
        n = validation.MAX_VERTICES + 10
        ring = [(x + 200 * math.cos(2 * math.pi * i / n), y + 200 * math.sin(2 * math.pi * i / n)) for i in range(n)]
        ring.append(ring[0])
        response = post(client_as("author"), name_fi="x", geometry={"type": "Polygon", "coordinates": [ring]}, srid="3067")
        refused(response, validation.MSG_TOO_COMPLEX.format(count=n + 1, limit=validation.MAX_VERTICES))

    def test_unknown_crs(self, demo_areas, client_as):
        shape = square(inner_point(), 200)
        response = post(client_as("author"), name_fi="x", geometry=geojson_of(shape), srid="EPSG:2393")
        refused(response, MSG_SRID_NOT_ALLOWED.format(value="EPSG:2393", allowed=allowed_srids_text()))

    def test_outside_helsinki(self, demo_areas, client_as):
        shape = square((240_000.0, 6_710_000.0), 500)  # Turku
        response = post(client_as("author"), name_fi="x", geometry=geojson_of(shape), srid="3067")
        refused(response, validation.MSG_OUTSIDE_HELSINKI)

    def test_inside_the_extent_but_in_no_area_of_the_city(self, demo_areas, client_as):
        # Open sea south of Helsinki, inside the extent's margin.
        shape = square((390_000.0, 6_641_000.0), 500)
        assert not area("suurpiiri", "1").geometry.intersects(shape)
        response = post(client_as("author"), name_fi="x", geometry=geojson_of(shape), srid="3067")
        refused(response, validation.MSG_OUTSIDE_HELSINKI)

    def test_malformed_geojson(self, demo_areas, client_as):
        response = post(client_as("author"), name_fi="x", geometry={"type": "Polygon", "coordinates": "nonsense"})
        assert response.status_code == 400
        assert response.json()["detail"].startswith("The GeoJSON is malformed:")
        assert not ResidentArea.objects.exists()

    def test_malformed_kml(self, demo_areas, client_as):
        upload = SimpleUploadedFile("alue.kml", b"<kml><Document><Placemark>", content_type="application/xml")
        response = client_as("author").post(URL, {"file": upload, "name_fi": "x"}, format="multipart")
        assert response.status_code == 400
        assert response.json()["detail"].startswith("The KML file is malformed:")
        assert not ResidentArea.objects.exists()

    def test_kml_with_entities_is_refused_unexpanded(self, demo_areas, client_as):
        dtd = '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        upload = SimpleUploadedFile("alue.kml", kml("&xxe;", extra=dtd), content_type="application/xml")
        response = client_as("author").post(URL, {"file": upload, "name_fi": "x"}, format="multipart")
        refused(response, parsing.MSG_KML_FORBIDDEN)

    def test_kml_without_polygon(self, demo_areas, client_as):
        text = b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>24.95,60.17</coordinates></Point></Placemark></kml>'
        upload = SimpleUploadedFile("alue.kml", text, content_type="application/xml")
        response = client_as("author").post(URL, {"file": upload, "name_fi": "x"}, format="multipart")
        refused(response, parsing.MSG_KML_NO_POLYGON)

    def test_non_utf8_file(self, demo_areas, client_as):
        upload = SimpleUploadedFile("alue.kml", kml_square().replace(b"Kruunuhaan", "Kruunuhaan ä".encode("latin-1")))
        response = client_as("author").post(URL, {"file": upload, "name_fi": "x"}, format="multipart")
        refused(response, parsing.MSG_NOT_UTF8)

    def test_non_utf8_json_body(self, demo_areas, client_as):
        body = '{"name_fi": "Töölö", "areas": [1]}'.encode("latin-1")
        response = client_as("author").post(URL, body, content_type="application/json")
        refused(response, parsing.MSG_NOT_UTF8)

    def test_oversized_file(self, demo_areas, client_as):
        data = kml_square() + b" " * parsing.MAX_BYTES
        upload = SimpleUploadedFile("alue.kml", data, content_type="application/xml")
        response = client_as("author").post(URL, {"file": upload, "name_fi": "x"}, format="multipart")
        refused(response, parsing.MSG_PAYLOAD_TOO_LARGE.format(size=len(data), limit=parsing.MAX_BYTES))

    def test_oversized_json_body(self, demo_areas, client_as):
        body = json.dumps({"name_fi": "x", "description": "a" * parsing.MAX_BYTES, "areas": [1]}).encode()
        response = client_as("author").post(URL, body, content_type="application/json")
        refused(response, parsing.MSG_PAYLOAD_TOO_LARGE.format(size=parsing.MAX_BYTES + 1, limit=parsing.MAX_BYTES))

    def test_unknown_or_unofficial_area_ids(self, demo_areas, client_as):
        response = post(client_as("author"), name_fi="x", areas=[999_999_999])
        refused(response, MSG_UNKNOWN_AREAS.format(ids="999999999"))

    def test_two_ways_at_once(self, demo_areas, client_as):
        shape = square(inner_point(), 200)
        response = post(client_as("author"), name_fi="x", areas=[area("osa-alue", "010").pk], geometry=geojson_of(shape))
        refused(response, MSG_ONE_WAY)

    def test_no_way_at_all(self, demo_areas, client_as):
        refused(post(client_as("author"), name_fi="x"), MSG_ONE_WAY)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NEIGHBOURS)
def test_a_block_in_a_neighbouring_town_inside_the_old_box_is_refused(demo_areas, client_as, name):
    centre = place(NEIGHBOURS[name]).transform(3067, clone=True)
    response = post(client_as("author"), name_fi="Kortteli", geometry=geojson_of(square(centre.coords, 200)), srid="3067")
    refused(response, validation.MSG_OUTSIDE_HELSINKI)
