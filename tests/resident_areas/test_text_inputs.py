"""Names and descriptions of resident areas under geo_osallisuus.text, and JSON that cannot be text."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resident_areas.models import ResidentArea

from .conftest import geojson_of, inner_point, square

URL = "/api/v1/resident-areas/"
NFD_A = unicodedata.normalize("NFD", "ä")

pytestmark = pytest.mark.django_db


def _feature(name: str) -> dict:
    return {"type": "Feature", "properties": {"name": name}, "geometry": geojson_of(square(inner_point(), 200))}


def _post(client, **body):
    return client.post(URL, {"srid": "3067", **body}, format="json")


class TestNames:
    @pytest.mark.parametrize(
        "name, message",
        [
            ("Kallio\u202egpj.exe", "changes the direction in which text is shown (U+202E)"),
            ("Kallio\u2066x\u2069", "changes the direction in which text is shown (U+2066)"),
            ("Kallio\x07", "invisible control character (U+0007)"),
            ("\x1b[2JKallio", "invisible control character (U+001B)"),
            ("Kall\x08io", "invisible control character (U+0008)"),
        ],
    )
    def test_refused_characters(self, demo_areas, client_as, name, message):
        response = _post(client_as("author"), name_fi=name, geometry=geojson_of(square(inner_point(), 200)))
        assert response.status_code == 400 and message in response.json()["name_fi"][0]
        assert not ResidentArea.objects.exists()

    def test_a_name_of_zero_width_spaces_is_no_name(self, demo_areas, client_as):
        response = _post(client_as("author"), name_fi="\u200b\u200b\u200b", geometry=geojson_of(square(inner_point(), 200)))
        assert response.status_code == 400 and response.json() == {"detail": "Give the area a name."}
        assert not ResidentArea.objects.exists()

    def test_nfd_is_stored_as_nfc_and_the_limit_counts_visible_letters(self, demo_areas, client_as):
        at_limit = NFD_A * 200 + "\u200b"  # 200 visible letters, 401 code points
        response = _post(client_as("author"), name_fi=at_limit, geometry=geojson_of(square(inner_point(), 200)))
        assert response.status_code == 201, response.content
        assert ResidentArea.objects.get().name_fi == "ä" * 200

    def test_one_over_the_limit(self, demo_areas, client_as):
        response = _post(client_as("author"), name_fi=NFD_A * 201, geometry=geojson_of(square(inner_point(), 200)))
        assert response.status_code == 400
        assert response.json()["name_fi"] == ["At most 200 characters are allowed; this has 201."]

    def test_a_description_keeps_its_lines_and_refuses_escape(self, demo_areas, client_as):
        client = client_as("author")
        geometry = geojson_of(square(inner_point(), 200))
        refused = _post(client, name_fi="Kortteli", description="Rivi\x1b[31m", geometry=geometry)
        assert refused.status_code == 400 and "U+001B" in refused.json()["description"][0]
        assert _post(client, name_fi="Kortteli", description="Rivi 1\n\tRivi 2", geometry=geometry).status_code == 201
        assert ResidentArea.objects.get().description == "Rivi 1\n\tRivi 2"

    def test_a_name_found_in_a_file_follows_the_same_rules(self, demo_areas, client_as):
        upload = SimpleUploadedFile("alue.geojson", json.dumps(_feature("Kallio\u202eexe")).encode())
        response = client_as("author").post(URL, {"file": upload, "srid": "3067"}, format="multipart")
        assert response.status_code == 400 and "(U+202E)" in response.json()["detail"]
        assert not ResidentArea.objects.exists()


class TestUnpairedSurrogates:
    """json reads "\\ud800" as a lone surrogate that no UTF-8 database can store: a 400, never a 500."""

    RAW = '{"srid": "3067", "geometry": %s}'

    def test_in_a_features_name(self, demo_areas, client_as):
        feature = json.dumps(_feature("aXb")).replace("aXb", "a\\ud800b")
        response = client_as("author").post(URL, self.RAW % feature, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "The JSON holds a broken character (U+D800, an unpaired surrogate), which text cannot hold."
        )
        assert not ResidentArea.objects.exists()

    def test_in_an_uploaded_file(self, demo_areas, client_as):
        data = json.dumps(_feature("aXb")).replace("aXb", "a\\udc00b").encode()
        upload = SimpleUploadedFile("alue.geojson", data, content_type="application/geo+json")
        response = client_as("author").post(URL, {"file": upload, "srid": "3067"}, format="multipart")
        assert response.status_code == 400
        assert "unpaired surrogate" in response.json()["detail"] and "U+DC00" in response.json()["detail"]
        assert not ResidentArea.objects.exists()

    def test_a_pair_is_one_character_and_welcome(self, demo_areas, client_as):
        feature = json.dumps(_feature("aXb")).replace("aXb", "Kallio \\ud83c\\udf33")
        response = client_as("author").post(URL, self.RAW % feature, content_type="application/json")
        assert response.status_code == 201, response.content
        assert ResidentArea.objects.get().name_fi == "Kallio \U0001f333"

    def test_in_other_json_inputs(self, api_client, django_user_model):
        api_client.force_authenticate(django_user_model.objects.create_user("asukas"))
        body = '{"title": "Penkit \\ud800", "text": "Rannalla ei ole tarpeeksi penkkejä.", "category": "x"}'
        response = api_client.post("/api/v1/initiatives/", body, content_type="application/json")
        assert response.status_code == 400 and "U+D800" in response.json()["detail"]
