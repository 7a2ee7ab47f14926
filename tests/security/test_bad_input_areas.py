"""Bad input to resident-area definitions: drawn GeoJSON, uploaded files, `srid` (issue 10, point 2).

Each corpus item is answered with a 4xx whose message names the problem, and
no resident area or version is stored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from resident_areas.models import ResidentArea, ResidentAreaVersion

from .bad_input_corpus import BAD_SRIDS, GEOJSON_FILE, GEOMETRIES, JSON_BODIES, SRID, TOO_LARGE, UPLOADS, many_vertices, polygon, ring
from .helpers_bad_input import assert_refused, counts

URL = "/api/v1/resident-areas/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(demo_areas) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(User.objects.create_user("asukas-bad-input", password="not-used"))
    return client


def nothing_stored():
    assert counts(ResidentArea, ResidentAreaVersion) == {"ResidentArea": 0, "ResidentAreaVersion": 0}


@pytest.mark.parametrize("item", JSON_BODIES, ids=lambda i: i.id)
def test_bodies_that_are_not_acceptable_json(resident, item):
    response = resident.post(URL, item.payload, content_type="application/json")
    assert_refused(response, item.expected)
    nothing_stored()


@pytest.mark.parametrize("item", GEOMETRIES, ids=lambda i: i.id)
def test_drawn_geometry(resident, item):
    response = resident.post(URL, {"name_fi": "Kortteli", "geometry": item.payload}, format="json")
    assert_refused(response, item.expected)
    nothing_stored()


@pytest.mark.parametrize("item", GEOMETRIES, ids=lambda i: i.id)
def test_geometry_uploaded_as_a_geojson_file(resident, item):
    data = json.dumps({"type": "Feature", "properties": {}, "geometry": item.payload}).encode()
    upload = SimpleUploadedFile("area.geojson", data, content_type="application/geo+json")
    response = resident.post(URL, {"name_fi": "Kortteli", "file": upload}, format="multipart")
    assert_refused(response, item.expected)
    nothing_stored()


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_srid_outside_the_allowlist(resident, item):
    response = resident.post(URL, {"name_fi": "Kortteli", "geometry": polygon([ring()]), "srid": item.payload}, format="json")
    text = assert_refused(response, item.expected)
    assert "EPSG:3879" in text  # the message names what is accepted
    nothing_stored()


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_srid_outside_the_allowlist_beside_a_file(resident, item):
    upload = SimpleUploadedFile("area.geojson", GEOJSON_FILE, content_type="application/geo+json")
    response = resident.post(URL, {"name_fi": "Kortteli", "file": upload, "srid": item.payload}, format="multipart")
    assert_refused(response, item.expected)
    nothing_stored()


@pytest.mark.parametrize("item", UPLOADS, ids=lambda i: i.id)
def test_uploaded_files(resident, item):
    name, content = item.payload
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = resident.post(URL, {"name_fi": "Kortteli", "file": upload}, format="multipart")
    assert_refused(response, item.expected)
    nothing_stored()


def test_zip_entries_are_never_extracted(resident):
    """A zip with ../ and absolute entries is refused by its bytes, whatever its name, and nothing lands on disk."""
    from .bad_input_corpus import UPLOADS as items

    escaped = [Path("/tmp/geo-osallisuus-escaped.kml"), Path("/tmp/geo-osallisuus-absolute.kml")]
    for path in escaped:
        path.unlink(missing_ok=True)
    for item in items:
        if item.id.startswith("zip-"):
            name, content = item.payload
            response = resident.post(URL, {"file": SimpleUploadedFile(name, content)}, format="multipart")
            assert response.status_code == 400
    assert not any(path.exists() for path in escaped)
    nothing_stored()


def test_oversized_body(resident):
    """200 000 vertices (about 5 MB of GeoJSON) are refused by size before anything parses them."""
    body = json.dumps({"name_fi": "Iso", "geometry": many_vertices(200_000)}).encode()
    assert len(body) > 2_000_000
    response = resident.post(URL, body, content_type="application/json")
    assert_refused(response, TOO_LARGE)
    nothing_stored()


def test_oversized_upload(resident):
    data = json.dumps({"type": "Feature", "properties": {}, "geometry": many_vertices(200_000)}).encode()
    response = resident.post(URL, {"file": SimpleUploadedFile("area.geojson", data)}, format="multipart")
    assert_refused(response, TOO_LARGE)
    nothing_stored()


# --- Controls: the same paths accept good input, so the refusals above are about the input -----


def test_control_the_allowed_urn_for_3879_is_accepted(resident):
    from django.contrib.gis.geos import Polygon

    shape = Polygon(ring(), srid=4326).transform(3879, clone=True)
    geometry = {
        "type": "Polygon",
        "coordinates": [[list(c) for c in shape.coords[0]]],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3879"}},
    }
    response = resident.post(URL, {"name_fi": "Kortteli", "geometry": geometry}, format="json")
    assert response.status_code == 201, response.content
    assert ResidentArea.objects.count() == 1


def test_control_a_good_file_is_accepted(resident):
    upload = SimpleUploadedFile("area.geojson", GEOJSON_FILE, content_type="application/geo+json")
    response = resident.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content


def test_bow_tie_is_repaired_and_the_user_told(resident):
    """A self-intersecting ring is the one defect a resident area repairs (make_valid) rather than
    refuses, as the areas app decided: the answer says so, never silently and never a 500."""
    bow_tie = [[24.955, 60.170], [24.957, 60.171], [24.957, 60.170], [24.955, 60.171], [24.955, 60.170]]
    response = resident.post(URL, {"name_fi": "Rusetti", "geometry": polygon([bow_tie])}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["repaired"] is True
    assert any("repaired" in notice for notice in body["notices"])


def test_srid_allowlist_message(resident):
    response = resident.post(URL, {"geometry": polygon([ring()]), "srid": "EPSG:999999"}, format="json")
    assert_refused(response, SRID)
