"""Limits: request and upload sizes (413 with a message, nothing stored), write
rate limits per user and address (reads unlimited), sign-in lockout per
address and user name."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.test import APIClient

from feedback.models import FeedbackRequest
from geo_osallisuus.api import MSG_THROTTLED
from geo_osallisuus.security import MSG_REQUEST_TOO_LARGE, MSG_SIGNIN_LOCKED, MSG_TOO_MANY_FIELDS
from geo_osallisuus.throttling import WriteRateThrottle
from resident_areas.models import ResidentArea
from tests.resident_areas.conftest import client_as, geojson_of, inner_point, square, users  # noqa: F401

pytestmark = pytest.mark.django_db

RESIDENT_AREAS = "/api/v1/resident-areas/"
OPEN311 = "/api/v1/open311/requests.json"


def polygon_body(*, padding: int = 0) -> dict:
    body = {"name_fi": "Kortteli", "geometry": geojson_of(square(inner_point(), 200)), "srid": "3067"}
    if padding:
        body["description_fi"] = "x" * padding
    return body


class TestRequestSize:
    def test_an_oversized_json_body_is_a_413_with_a_message_and_nothing_is_stored(self, client_as, demo_areas, settings):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        assert limit == 5 * 1024 * 1024  # the default, deliberately set
        body = json.dumps(polygon_body(padding=limit))
        response = client_as("author").post(RESIDENT_AREAS, body, content_type="application/json")
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"] == str(MSG_REQUEST_TOO_LARGE).format(size=len(body.encode()), limit=limit)
        assert not ResidentArea.objects.exists()

    def test_a_body_under_the_limit_still_reaches_the_rules(self, client_as, demo_areas):
        response = client_as("author").post(RESIDENT_AREAS, polygon_body(), format="json")
        assert response.status_code == 201, response.content
        assert ResidentArea.objects.count() == 1

    def test_an_oversized_upload_is_a_413_and_nothing_is_stored(self, client_as, demo_areas, settings):
        settings.REQUEST_MAX_BYTES = 100_000
        upload = SimpleUploadedFile("alue.geojson", b" " * 150_000, content_type="application/geo+json")
        response = client_as("author").post(RESIDENT_AREAS, {"file": upload}, format="multipart")
        assert response.status_code == 413
        assert "at most 100000 bytes are accepted" in response.json()["detail"]
        assert not ResidentArea.objects.exists()

    def test_an_oversized_form_post_from_a_browser_is_a_413_in_plain_text(self, admin_client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
        # What a browser sends for a form without files.
        response = admin_client.post(
            "/admin/auth/group/add/",
            "name=" + "x" * 20_000,
            content_type="application/x-www-form-urlencoded",
            HTTP_ACCEPT="text/html,application/xhtml+xml",
        )
        assert response.status_code == 413
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "The request is too large" in response.content.decode()
        assert not User.groups.field.related_model.objects.filter(name__startswith="xxx").exists()

    def test_too_many_form_fields_are_a_400_with_a_message(self, client_as, demo_areas, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
        fields = {f"field{n}": "1" for n in range(60)}
        response = client_as("author").post(RESIDENT_AREAS, fields)  # form-encoded
        assert response.status_code == 400
        assert response.json()["detail"] == str(MSG_TOO_MANY_FIELDS)
        assert not ResidentArea.objects.exists()

    def test_open311_too_many_fields_answers_in_its_own_format(self, api_client, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
        response = api_client.post(OPEN311, {f"attribute[{n}]": "1" for n in range(60)})
        assert response.status_code == 400
        assert response.json() == [{"code": 400, "description": str(MSG_TOO_MANY_FIELDS)}]
        assert not FeedbackRequest.objects.exists()


@pytest.fixture
def low_write_rates(monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", {"write_anon": "3/minute", "write_user": "3/minute"})


class TestWriteRateLimits:
    def test_a_users_writes_are_limited_and_reads_are_not(self, client_as, demo_areas, low_write_rates):
        author = client_as("author")
        codes = [author.post(RESIDENT_AREAS, {"name_fi": "ei aluetta"}, format="json").status_code for _ in range(4)]
        assert codes == [400, 400, 400, 429]
        refused = author.post(RESIDENT_AREAS, polygon_body(), format="json")
        assert refused.status_code == 429
        assert refused.json()["detail"] == str(MSG_THROTTLED).format(seconds=refused["Retry-After"])
        assert 0 < int(refused["Retry-After"]) <= 60
        assert not ResidentArea.objects.exists()
        # Reading is never limited, for this user or anyone.
        assert all(author.get(RESIDENT_AREAS).status_code == 200 for _ in range(10))
        assert all(author.get("/api/v1/areas/?division=suurpiiri").status_code == 200 for _ in range(5))
        # Another user has a count of their own.
        assert client_as("resident").post(RESIDENT_AREAS, polygon_body(), format="json").status_code == 201

    def test_anonymous_writes_are_limited_per_address(self, demo_areas, low_write_rates):
        first = APIClient(REMOTE_ADDR="192.0.2.10")
        codes = [first.post(RESIDENT_AREAS, polygon_body(), format="json").status_code for _ in range(4)]
        assert codes[:3] == [403, 403, 403] or codes[:3] == [401, 401, 401]
        assert codes[3] == 429
        other = APIClient(REMOTE_ADDR="192.0.2.11")
        assert other.post(RESIDENT_AREAS, polygon_body(), format="json").status_code in {401, 403}

    def test_the_default_rates_come_from_settings(self, settings):
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        assert rates["write_anon"] == "30/minute" and rates["write_user"] == "120/minute"
        # The feedback and initiative scopes are still there.
        assert {"feedback_anon", "feedback_user", "initiative_write"} <= set(rates)


class TestSignIn:
    URL = "/admin/login/?next=/admin/"

    @pytest.fixture
    def staff(self, db):
        return User.objects.create_user(username="yllapito", password="oikea-salasana-123", is_staff=True)

    def sign_in(self, client, username, password):
        return client.post(self.URL, {"username": username, "password": password}, HTTP_ACCEPT="text/html")

    def test_failed_sign_ins_lock_the_address_and_user_name_pair(self, staff, settings):
        browser = Client(REMOTE_ADDR="192.0.2.20")
        limit = settings.AXES_FAILURE_LIMIT
        assert limit == 5
        for _ in range(limit - 1):
            assert self.sign_in(browser, "yllapito", "väärä").status_code == 200  # the form again, with its error
        locked = self.sign_in(browser, "yllapito", "väärä")
        assert locked.status_code == 429
        assert locked.content.decode() == str(MSG_SIGNIN_LOCKED).format(minutes=15)
        assert locked["Retry-After"] == "900"
        # Locked out even with the right password now: the limit is not a hint.
        right = self.sign_in(browser, "yllapito", "oikea-salasana-123")
        assert right.status_code == 429 and "_auth_user_id" not in browser.session
        # The same user from another address, and another name from this one, may still try.
        elsewhere = Client(REMOTE_ADDR="192.0.2.21")
        signed_in = self.sign_in(elsewhere, "yllapito", "oikea-salasana-123")
        assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
        assert self.sign_in(browser, "toinen", "väärä").status_code == 200

    def test_a_successful_sign_in_resets_the_count(self, staff):
        browser = Client(REMOTE_ADDR="192.0.2.30")
        for _ in range(4):
            self.sign_in(browser, "yllapito", "väärä")
        assert self.sign_in(browser, "yllapito", "oikea-salasana-123").status_code == 302
        browser.logout()
        for _ in range(4):
            assert self.sign_in(browser, "yllapito", "väärä").status_code == 200

    def test_api_basic_auth_failures_count_too(self, staff):
        import base64

        def basic(password):
            token = base64.b64encode(f"yllapito:{password}".encode()).decode()
            return APIClient(REMOTE_ADDR="192.0.2.40", HTTP_AUTHORIZATION=f"Basic {token}")

        codes = [basic("väärä").get("/api/v1/resident-areas/").status_code for _ in range(6)]
        # As on the sign-in page: the failure that reaches the limit is answered with the lockout.
        assert codes in ([401] * 4 + [429] * 2, [403] * 4 + [429] * 2)
        locked = basic("oikea-salasana-123").get("/api/v1/resident-areas/")
        assert locked.status_code == 429
        assert locked.json()["detail"] == str(MSG_SIGNIN_LOCKED).format(minutes=15)


class TestClientAddressBehindProxies:
    """One rule for the client's address (geo_osallisuus.security.client_address): write limits and
    sign-in lockout both count the address the nearest of NUM_PROXIES proxies saw."""

    URL = TestSignIn.URL

    def test_a_made_up_forwarded_address_does_not_escape_the_write_limit(self, demo_areas, low_write_rates, settings):
        assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # the header is not read unless proxies are declared
        codes = [
            APIClient(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").post(RESIDENT_AREAS, polygon_body(), format="json").status_code
            for n in range(4)
        ]
        assert codes[3] == 429

    @pytest.fixture
    def one_proxy(self, settings):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def test_behind_one_proxy_the_forwarded_address_is_counted(self, demo_areas, low_write_rates, one_proxy):
        def via_proxy(client_ip):
            return APIClient(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.9, {client_ip}")

        codes = [via_proxy("198.51.100.1").post(RESIDENT_AREAS, polygon_body(), format="json").status_code for _ in range(4)]
        assert codes[3] == 429
        # Another client behind the same proxy has a count of its own; what it wrote before the proxy's entry is not trusted.
        assert via_proxy("198.51.100.2").post(RESIDENT_AREAS, polygon_body(), format="json").status_code != 429

    def test_behind_one_proxy_a_lockout_is_the_clients_own(self, one_proxy, settings):
        User.objects.create_user(username="yllapito", password="oikea-salasana-123", is_staff=True)

        def sign_in(client_ip, password):
            browser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)
            return browser.post(self.URL, {"username": "yllapito", "password": password}, HTTP_ACCEPT="text/html")

        codes = [sign_in("198.51.100.7", "väärä").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
        assert codes[-1] == 429 and codes[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
        # The same proxy, another client: not locked out by the first one's failures.
        assert sign_in("198.51.100.8", "oikea-salasana-123").status_code == 302
