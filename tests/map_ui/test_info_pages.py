"""The accessibility statement, the privacy notice and the open-data licence
(map_ui.info_pages): in three languages, linked from every page's footer; the
participation page linked from every page's header."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from map_ui.info_pages import INFO_PAGES
from tests.accounts.test_header_link import PAGE_KINDS, PREFIX, world  # noqa: F401 (world is a fixture)

ROUTES = {"accessibility": "saavutettavuus/", "privacy": "tietosuoja/", "open-data": "avoin-data/"}


def _part(html: str, tag: str) -> str:
    return html[html.index(f"<{tag}") : html.index(f"</{tag}>")]


def _title(language: str, name: str) -> str:
    with translation.override(language):
        return str(next(page.title for page in INFO_PAGES if page.name == name))


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("name", ROUTES)
def test_each_info_page_in_each_language(name, language):
    response = Client().get(f"{PREFIX[language]}/{ROUTES[name]}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f"<h1>{_title(language, name)}</h1>" in html


ACCESSIBILITY_FACTS = {
    "fi": ["WCAG 2.1", "AA", "osittain", "palautteet.hel.fi", "4.12.2026", "taustakartta"],
    "sv": ["WCAG 2.1", "AA", "delvis", "palautteet.hel.fi/sv", "4.12.2026", "bakgrundskarta"],
    "en": ["WCAG 2.1", "AA", "partially", "palautteet.hel.fi/en", "4 December 2026", "background map"],
}
# Every register of personal data the models hold, by its heading in each language.
PRIVACY_REGISTERS = {
    "fi": ["luotsien yhteystiedot", "Äänestäjät", "Ehdotusten ja aloitteiden tekijät", "Palautteen antajat", "Kirjautumistilit ja API-avaimet"],
    "sv": ["lotsarnas kontaktuppgifter", "Röstare", "Upphovspersoner till förslag och initiativ", "Personer som ger respons", "Inloggningskonton och API-nycklar"],
    "en": ["luotsit", "Voters", "Authors of proposals and initiatives", "People who send feedback", "Sign-in accounts and API tokens"],
}
RETENTION = {"fi": "Säilytys:", "sv": "Lagring:", "en": "Retention:"}
BASIS = {"fi": "Peruste:", "sv": "Grund:", "en": "Basis:"}
PURPOSE = {"fi": "Tarkoitus:", "sv": "Ändamål:", "en": "Purpose:"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
def test_the_accessibility_statement_states_status_gaps_feedback_route_and_date(language):
    html = Client().get(f"{PREFIX[language]}/saavutettavuus/").content.decode()
    for fact in ACCESSIBILITY_FACTS[language]:
        assert fact in html, fact


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
def test_the_privacy_notice_names_each_register_with_purpose_basis_and_retention(language):
    main = _part(Client().get(f"{PREFIX[language]}/tietosuoja/").content.decode(), "main")
    sections = main.split("<h2>")[1:]
    registers = [section for section in sections if RETENTION[language] in section]
    assert len(registers) == len(PRIVACY_REGISTERS[language])
    for name, section in zip(PRIVACY_REGISTERS[language], registers, strict=True):
        assert name in section.split("</h2>")[0]
        assert PURPOSE[language] in section and BASIS[language] in section


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
def test_the_open_data_page_names_the_licences(language):
    html = Client().get(f"{PREFIX[language]}/avoin-data/").content.decode()
    code_licence = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["project"]["license"]
    assert "CC BY 4.0" in html and code_licence in html
    assert {"fi": "© Helsingin kaupunki", "sv": "© Helsingfors stad", "en": "© City of Helsinki"}[language] in html
    assert f'<a href="{PREFIX[language]}/tietosuoja/">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("kind", [*PAGE_KINDS, "accessibility", "error"])
def test_every_page_kind_links_the_info_pages_in_the_footer_and_participation_in_the_header(world, kind, language):  # noqa: F811
    path = {"accessibility": lambda w: "/saavutettavuus/", "error": lambda w: "/ei-ole/"}.get(kind) or PAGE_KINDS[kind]
    response = Client().get(PREFIX[language] + path(world))
    assert response.status_code == (404 if kind == "error" else 200)
    html = response.content.decode()
    footer = _part(html, "footer")
    for name, route in ROUTES.items():
        assert f'<a href="{PREFIX[language]}/{route}">{_title(language, name)}</a>' in footer
    assert f'<a href="{PREFIX[language]}/osallistuminen/"' in _part(html, "header")


def test_the_info_page_titles_are_translated():
    for page in INFO_PAGES:
        english = _title("en", page.name)
        assert _title("fi", page.name) != english and _title("sv", page.name) != english
