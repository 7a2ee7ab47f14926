"""The sign-in page, local accounts, sign-out, and the pages that need a signed-in person."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from geo_osallisuus.security import MSG_SIGNIN_LOCKED

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user("paula", password=PASSWORD)


def sign_in(client: Client, *, password: str = PASSWORD, next_url: str | None = None, path: str = "/en/kirjaudu/"):
    data = {"username": "paula", "password": password} | ({"next": next_url} if next_url is not None else {})
    return client.post(path, data)


@pytest.mark.parametrize(("language", "path"), [("fi", "/kirjaudu/"), ("sv", "/sv/kirjaudu/"), ("en", "/en/kirjaudu/")])
def test_the_sign_in_page_speaks_the_pages_language(client, language, path):
    with translation.override(language):
        heading, local = gettext("Sign in"), gettext("With a local account")
    html = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html and local in html
    assert f'<html lang="{language}">' in html


def test_the_sign_in_page_offers_the_city_service_only_when_configured(client, settings):
    assert "/oidc/authenticate/" not in client.get("/en/kirjaudu/").content.decode()
    settings.OIDC_RP_CLIENT_ID = "geo"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/auth"
    html = client.get("/en/kirjaudu/?next=/en/lahella/").content.decode()
    assert 'href="/oidc/authenticate/?next=%2Fen%2Flahella%2F"' in html


def test_without_configuration_the_flow_does_not_start(client):
    assert client.get("/oidc/authenticate/").status_code == 404


def test_local_sign_in_lands_on_the_own_page_in_the_pages_language(client, person):
    response = sign_in(client, path="/sv/kirjaudu/")
    assert (response.status_code, response["Location"]) == (302, "/sv/oma-sivu/")
    assert client.get("/sv/oma-sivu/").status_code == 200


def test_a_wrong_password_is_a_form_error_in_the_pages_language(client, person):
    response = sign_in(client, password="wrong", path="/sv/kirjaudu/")
    assert response.status_code == 400
    with translation.override("sv"):
        expected = gettext("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive.")
    assert expected.split("%")[0] in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_in_gives_the_session_a_new_key(client, person):
    client.get("/en/kirjaudu/")
    client.session.save()
    before = client.session.session_key
    client.cookies["sessionid"] = before
    sign_in(client)
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(person.pk)


def test_the_sign_in_form_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client).status_code == 403
    page = client.get("/en/kirjaudu/")
    token = page.context["csrf_token"]
    response = client.post("/en/kirjaudu/", {"username": "paula", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/alue/suurpiiri/1/", "/alue/suurpiiri/1/"),
        ("/en/lahella/?lat=60.2", "/en/lahella/?lat=60.2"),
        ("https://evil.example/", "/en/oma-sivu/"),
        ("//evil.example/", "/en/oma-sivu/"),
        ("/\\evil.example/", "/en/oma-sivu/"),
        ("http:/evil.example", "/en/oma-sivu/"),
        ("javascript:alert(1)", "/en/oma-sivu/"),
        (" /alue/", "/en/oma-sivu/"),
    ],
)
def test_next_leads_only_to_the_services_own_paths(client, person, target, landing):
    assert sign_in(client, next_url=target)["Location"] == landing


def test_lockout_after_the_failure_limit(client, person, settings):
    limit = settings.AXES_FAILURE_LIMIT
    codes = [sign_in(client, password=f"wrong-{n}").status_code for n in range(limit + 1)]
    assert codes == [400] * (limit - 1) + [429, 429]
    # Locked out: the right password does not help either, until the cool-off.
    response = client.post("/en/kirjaudu/", {"username": "paula", "password": PASSWORD}, HTTP_ACCEPT="text/html")
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert response.content.decode() == str(MSG_SIGNIN_LOCKED).format(minutes=minutes)


def test_local_sign_in_can_be_turned_off(client, person, settings):
    settings.LOCAL_SIGNIN = False
    assert 'type="password"' not in client.get("/en/kirjaudu/").content.decode()
    assert sign_in(client).status_code == 404


def test_sign_out_is_a_post_with_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.get("/en/kirjaudu-ulos/").status_code == 405
    assert client.post("/en/kirjaudu-ulos/").status_code == 403
    assert "_auth_user_id" in client.session
    token = client.get("/en/oma-sivu/").context["csrf_token"]
    response = client.post("/en/kirjaudu-ulos/", {"csrfmiddlewaretoken": token})
    assert (response.status_code, response["Location"]) == (302, "http://testserver/en/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("path", "signin"),
    [("/oma-sivu/", "/kirjaudu/?next=%2Foma-sivu%2F"), ("/sv/oma-sivu/", "/sv/kirjaudu/?next=%2Fsv%2Foma-sivu%2F")],
)
def test_pages_that_need_a_signed_in_person_send_to_the_sign_in_page(client, path, signin):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, signin)


def test_a_refused_or_broken_flow_ends_on_the_sign_in_page_with_a_message(client, settings):
    settings.OIDC_RP_CLIENT_ID = "geo"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/auth"
    for callback in ("/oidc/callback/?error=access_denied", "/oidc/callback/?code=x&state=y"):
        response = client.get(callback)
        # The callback has no language prefix: the browser's language (the client asks for English).
        assert (response.status_code, response["Location"]) == (302, "/en/kirjaudu/epaonnistui/"), callback
    page = client.get("/en/kirjaudu/epaonnistui/")
    assert page.status_code == 401 and "did not succeed" in page.content.decode()
