"""Error pages for people (map_ui.errors): 404, 403, 500 and 503 in the path's
language with the site's header and a way home; API paths keep JSON."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from geo_osallisuus.dbguard import RETRY_AFTER_SECONDS
from map_ui.errors import MESSAGES, TITLES

pytestmark = pytest.mark.urls("tests.map_ui.error_urls")

PREFIX = {"fi": "", "sv": "/sv", "en": "/en"}
# Each kind of failure: a path (after the language prefix) and its status.
FAILURES = {
    "not found": ("/ei-tallaista-sivua/", 404),
    "forbidden": ("/kielletty/", 403),
    "server error": ("/rikki/", 500),
    "database away": ("/kanta-poissa/", 503),
}


def _client() -> Client:
    return Client(raise_request_exception=False)


def _translated(language: str, text) -> str:
    with translation.override(language):
        return str(text) if not isinstance(text, str) else gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("kind", FAILURES)
def test_each_error_page_in_each_language_has_the_header_and_a_way_home(kind, language):
    path, status = FAILURES[kind]
    response = _client().get(PREFIX[language] + path)
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in html
    assert '<header class="site-header">' in html
    assert f'<a href="{PREFIX[language]}/kirjaudu/"' in html  # the header's sign-in link
    home = PREFIX[language] + "/"
    assert f'<a href="{home}">{_translated(language, "Back to the front page")}</a>' in html
    assert _translated(language, TITLES[status]) in html
    assert _translated(language, MESSAGES[status]) in html
    assert response["Content-Language"] == language


def test_the_error_texts_are_translated():
    texts = [*TITLES.values(), *MESSAGES.values(), "Back to the front page"]
    english = [_translated("en", text) for text in texts]
    for language in ("fi", "sv"):
        assert all(_translated(language, text) != text_en for text, text_en in zip(texts, english, strict=True))


@pytest.mark.django_db
def test_the_503_page_says_when_to_retry():
    response = _client().get("/en/kanta-poissa/")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert f"reload the page after {RETRY_AFTER_SECONDS} seconds" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_500_and_503_pages_make_no_database_query(django_user_model, django_assert_num_queries, signed_in):
    """They must render while the database is away: no query at all, signed in or not
    (the header then offers sign-in, as it cannot read the session)."""
    client = _client()
    if signed_in:
        client.force_login(django_user_model.objects.create_user("resident"))
    for path, status in (("/sv/rikki/", 500), ("/sv/kanta-poissa/", 503)):
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response.status_code == status
        assert '<a href="/sv/kirjaudu/"' in response.content.decode()


@pytest.mark.django_db
def test_a_404_page_shows_the_signed_in_header(django_user_model):
    client = _client()
    client.force_login(django_user_model.objects.create_user("resident"))
    html = client.get("/en/ei-tallaista-sivua/").content.decode()
    assert '<a href="/en/oma-sivu/">My page</a>' in html


@pytest.mark.django_db
def test_a_forbidden_page_offers_sign_in_to_whom_is_not_signed_in(django_user_model):
    html = _client().get("/sv/kielletty/").content.decode()
    assert '<a class="hds-button hds-button--primary" href="/sv/kirjaudu/?next=%2Fsv%2Fkielletty%2F">' in html
    client = _client()
    client.force_login(django_user_model.objects.create_user("resident"))
    assert 'class="hds-button hds-button--primary" href="/sv/kirjaudu/' not in client.get("/sv/kielletty/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/no-such-thing/", 404),
        ("/api/v1/test-forbidden/", 403),
        ("/api/v1/test-broken/", 500),
        ("/ogc/no-such-thing/", 404),
        ("/ogc/test-broken/", 500),
        ("/tiles/no-such-thing/", 404),
        ("/exports/no-such-thing/", 404),
    ],
)
def test_api_paths_keep_json_errors(path, status):
    response = _client().get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_open311_paths_keep_georeport_errors():
    response = _client().get("/api/v1/open311/no-such-thing.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": response.json()[0]["description"]}]


@pytest.mark.django_db
def test_the_api_answers_503_as_json_while_the_database_is_away():
    # The page only for pages: a JSON client gets JSON on any path.
    response = _client().get("/kanta-poissa/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and "detail" in response.json()


@pytest.mark.django_db
def test_the_luotsi_page_without_a_profile_is_a_page_not_plain_text(django_user_model):
    client = _client()
    client.force_login(django_user_model.objects.create_user("resident"))
    response = client.get("/luotsit/me/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert _translated("fi", "Your account is not linked to a luotsi profile.") in html
    assert '<header class="site-header">' in html and '<a href="/">' in html


def test_a_database_error_outside_any_view_is_the_503_page(rf):
    """handler500 while a middleware met the error (sys.exc_info names it): the page, not a 500."""
    from django.db import OperationalError

    from geo_osallisuus.dbguard import server_error

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/en/lahella/"))
    assert response.status_code == 503 and response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert '<html lang="en">' in response.content.decode()
