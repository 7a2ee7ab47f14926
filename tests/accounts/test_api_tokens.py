"""Personal API tokens: made and revoked on the own page, sent by scripts as `Authorization: Token …`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from accounts.api_auth import MSG_TOKEN_INVALID
from accounts.models import ApiToken
from accounts.services import MSG_TOKEN_NAME_REQUIRED, MSG_TOKEN_NAME_TAKEN, api_token_create

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(db):
    return get_user_model().objects.create_user("pirkko")


@pytest.fixture
def page(planner) -> Client:
    # English like the pages under /en/: the middleware leaves the request's language active in the test.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    return client


def api_me(key: str):
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def new_key(page: Client, name: str = "nightly export") -> str:
    response = page.post("/en/oma-sivu/tunnisteet/", {"name": name})
    assert response.status_code == 201
    return response.context["new_key"]


def test_a_token_made_on_the_page_is_shown_once_and_stored_only_as_a_hash(page):
    key = new_key(page)
    token = ApiToken.objects.get()
    assert key.startswith("geo_") and token.prefix == key[:12] and key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash__contains=key).exists()
    listing = page.get("/en/oma-sivu/tunnisteet/").content.decode()
    assert "nightly export" in listing and key not in listing


def test_a_script_authenticates_with_the_token(page, planner):
    key = new_key(page)
    answer = api_me(key)
    assert answer.status_code == 200 and answer.json()["username"] == "pirkko"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working(page):
    key = new_key(page)
    token = ApiToken.objects.get()
    response = page.post(f"/en/oma-sivu/tunnisteet/{token.pk}/peru/")
    assert (response.status_code, response["Location"]) == (302, "/en/oma-sivu/tunnisteet/")
    answer = api_me(key)
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == "Token"
    assert answer.json()["detail"] == str(MSG_TOKEN_INVALID)


def test_a_wrong_token_is_refused_and_an_inactive_users_too(page, planner):
    key = new_key(page)
    assert api_me(key + "x").status_code == 401
    planner.is_active = False
    planner.save()
    assert api_me(key).status_code == 401


def test_nobody_revokes_anothers_token(page, db):
    other = get_user_model().objects.create_user("olli")
    token, key = api_token_create(user=other, name="mine")
    assert page.post(f"/en/oma-sivu/tunnisteet/{token.pk}/peru/").status_code == 404
    assert api_me(key).status_code == 200


@pytest.mark.parametrize(("name", "message"), [("", MSG_TOKEN_NAME_REQUIRED), ("   ", MSG_TOKEN_NAME_REQUIRED)])
def test_a_token_needs_a_name(page, name, message):
    response = page.post("/en/oma-sivu/tunnisteet/", {"name": name})
    assert response.status_code == 400 and str(message) in response.content.decode()
    assert not ApiToken.objects.exists()


def test_names_are_unique_among_live_tokens(page):
    new_key(page, "export")
    response = page.post("/en/oma-sivu/tunnisteet/", {"name": "export"})
    assert response.status_code == 400 and str(MSG_TOKEN_NAME_TAKEN) in response.content.decode()
    page.post(f"/en/oma-sivu/tunnisteet/{ApiToken.objects.get().pk}/peru/")
    new_key(page, "export")  # a revoked token's name is free again


def test_the_token_forms_need_the_csrf_token(planner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)
    assert client.post("/en/oma-sivu/tunnisteet/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_sign_in(client):
    response = client.get("/sv/oma-sivu/tunnisteet/")
    assert (response.status_code, response["Location"]) == (302, "/sv/kirjaudu/?next=%2Fsv%2Foma-sivu%2Ftunnisteet%2F")


def authentication_classes(geo_env: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"GEO_ENV", "SECRET_KEY"}}
    env.update(GEO_ENV=geo_env, SECRET_KEY="s" * 50, ALLOWED_HOSTS="osallisuus.example.fi", DJANGO_SETTINGS_MODULE="geo_osallisuus.settings")
    code = "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def test_basic_auth_only_under_the_test_settings():
    assert "BasicAuthentication" in authentication_classes("test")
    for geo_env in ("production", "development"):
        classes = authentication_classes(geo_env)
        assert "BasicAuthentication" not in classes and "ApiTokenAuthentication" in classes
