"""The API's reads carry ETag and Cache-Control: repeats are 304s; nothing signed-in is cached publicly."""

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

from accounts.services import api_token_create
from areas.models import Area

pytestmark = pytest.mark.usefixtures("demo_areas")

CENTRAL_STATION = {"lat": "60.1699", "lon": "24.9384"}
OSA_ALUEET = {"division": "osa-alue", "page_size": 5}


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(username="reader", password="x-unused-x")


def test_anonymous_lookup_is_public_with_an_etag(client):
    response = client.get("/api/v1/lookup/", CENTRAL_STATION)
    assert response.status_code == 200
    assert response["ETag"]
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives and "private" not in directives
    assert "Cookie" in response["Vary"] and "Authorization" in response["Vary"]


@override_settings(API_CACHE_MAX_AGE=17)
def test_shared_caches_keep_it_for_the_setting_browsers_revalidate(client):
    directives = {part.strip() for part in client.get("/api/v1/lookup/", CENTRAL_STATION)["Cache-Control"].split(",")}
    # A CDN keeps it for the setting's seconds; a browser asks again each time (a 304 when unchanged).
    assert {"s-maxage=17", "max-age=0"} <= directives


def test_matching_if_none_match_is_a_304_without_a_body(client):
    etag = client.get("/api/v1/lookup/", CENTRAL_STATION)["ETag"]
    again = client.get("/api/v1/lookup/", CENTRAL_STATION, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_another_etag_gets_the_whole_answer(client):
    etag = client.get("/api/v1/lookup/", CENTRAL_STATION)["ETag"]
    other = client.get("/api/v1/lookup/", CENTRAL_STATION, HTTP_IF_NONE_MATCH='"not-' + etag.strip('"') + '"')
    assert other.status_code == 200 and other.json()["areas"]


def test_the_gzipped_answer_revalidates_too(client):
    packed = client.get("/api/v1/areas/", OSA_ALUEET, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and gzip.decompress(packed.content)
    again = client.get("/api/v1/areas/", OSA_ALUEET, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_a_changed_item_changes_the_etag(client):
    before = client.get("/api/v1/areas/", OSA_ALUEET)
    first = before.json()["features"][0]
    area = Area.objects.get(pk=first["id"])
    area.name_fi = area.name_fi + " (uusi nimi)"
    area.save(update_fields=["name_fi"])
    after = client.get("/api/v1/areas/", OSA_ALUEET, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_a_signed_in_answer_is_private(client, person):
    client.force_login(person)
    response = client.get("/api/v1/lookup/", CENTRAL_STATION)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in directives and "public" not in directives


def test_an_answer_to_a_token_is_private(person):
    _token, key = api_token_create(user=person, name="script")
    response = Client().get("/api/v1/lookup/", CENTRAL_STATION, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_anonymous_visitor_with_a_session_gets_a_private_answer(client):
    session = client.session
    session["sent_feedback"] = [1]
    session.save()
    response = client.get("/api/v1/lookup/", CENTRAL_STATION)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_errors_and_writes_get_no_cache_headers(client):
    bad = client.get("/api/v1/lookup/", {"lat": "x"})
    assert bad.status_code == 400
    assert "Cache-Control" not in bad and "ETag" not in bad
    write = client.post("/api/v1/lookup/", CENTRAL_STATION)
    assert "public" not in write.get("Cache-Control", "")


def test_pages_are_left_alone(client):
    page = client.get("/en/")
    assert page.status_code == 200
    assert "public" not in page.get("Cache-Control", "")
