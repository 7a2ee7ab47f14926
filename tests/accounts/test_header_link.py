"""The sign-in link in the header of every kind of page, in the page's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import REFERENCE_DATA_MIGRATIONS
from tests.security.roles_world import world_fixture


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # A transactional test before this module (the sign-in flow's) emptied every table.
    import importlib

    from django.apps import apps

    from areas.models import DivisionType

    with django_db_blocker.unblock():
        if not DivisionType.objects.exists():
            for module in REFERENCE_DATA_MIGRATIONS:
                importlib.import_module(module).create(apps, None)
    yield from world_fixture(django_db_setup, django_db_blocker)

PAGE_KINDS = {
    "city map": lambda w: "/",
    "area": lambda w: "/alue/osa-alue/010/",
    "near me": lambda w: "/lahella/",
    "case": lambda w: f"/asia/{w.case.case_id}/",
    "space": lambda w: f"/tila/{w.space.pk}/",
    "initiative": lambda w: f"/aloite/{w.initiative.pk}/",
    "budget project": lambda w: f"/budjetointi/hankkeet/{w.project_on_ballot.pk}/",
    "participation": lambda w: "/osallistuminen/",
    "initiative report": lambda w: "/osallistuminen/aloiteraportti/",
    "sign-in": lambda w: "/kirjaudu/",
}
PREFIX = {"fi": "", "sv": "/sv", "en": "/en"}


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_has_the_sign_in_link_in_its_language(world, kind, language):
    path = PREFIX[language] + PAGE_KINDS[kind](world)
    response = Client().get(path)
    assert response.status_code == 200, path
    with translation.override(language):
        label = gettext("Sign in")
    assert f'<a href="{PREFIX[language]}/kirjaudu/"' in _header(response.content.decode())
    assert f">{label}</a>" in _header(response.content.decode())


@pytest.mark.django_db
def test_signed_in_the_header_has_the_own_page_and_a_sign_out_form(world):
    client = Client()
    client.force_login(world.users["resident"])
    header = _header(client.get("/sv/").content.decode())
    with translation.override("sv"):
        mine, out = gettext("My page"), gettext("Sign out")
    assert f'<a href="/sv/oma-sivu/">{mine}</a>' in header
    assert '<form method="post" action="/sv/kirjaudu-ulos/"' in header and 'name="csrfmiddlewaretoken"' in header
    assert f">{out}</button>" in header and "/kirjaudu/" not in header.replace("kirjaudu-ulos", "")


def test_the_labels_are_translated():
    for language in ("fi", "sv"):
        with translation.override(language):
            assert gettext("Sign in") != "Sign in" and gettext("My page") != "My page"
