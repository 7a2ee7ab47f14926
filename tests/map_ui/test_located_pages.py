"""What the located kinds share on the pages, in Finnish, Swedish and English: an
area section's list and its "more on the map" (map_ui.sections.area_list), a
luotsi's count per area (luotsit.providers.area_section_counts), a detail page's
header and areas (map_ui/_detail_header.html, _located_areas.html) and the top of
the residents' form pages (feedback/_form_header.html)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst

from areas.geometry import to_projection
from areas.models import Area
from geo_osallisuus import roles
from map_ui.sections import area_list
from spaces.models import Space
from tests.cases.factories import STATION_3067, at, space
from volunteering import pages as volunteering_pages
from volunteering.models import Opportunity, Organiser
from volunteering.services import opportunity_save, organiser_verify

pytestmark = pytest.mark.usefixtures("demo_areas")

LANGUAGES = [("fi", ""), ("sv", "/sv"), ("en", "/en")]
KALLIO = Point(24.9513, 60.1840, srid=4326)
LIMIT = 2


def station_district() -> Area:
    return Area.objects.get(division__slug="peruspiiri", geometry__contains=STATION_3067)


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("total", [LIMIT - 1, LIMIT, LIMIT + 1])
def test_an_area_list_shows_up_to_its_limit_and_counts_the_rest(total):
    for number in range(total):
        space(f"Tila {number}", at(10 * number, 0))
    section = area_list(Space.objects.order_by("name", "pk"), limit=LIMIT)
    assert section["total"] == total
    assert [item.name for item in section["items"]] == [f"Tila {n}" for n in range(min(total, LIMIT))]
    assert section["more"] == max(total - LIMIT, 0)


@pytest.mark.parametrize("language, prefix", LANGUAGES)
@pytest.mark.parametrize("limit", [1, 2])
def test_the_area_page_says_how_many_more_the_map_shows(client, monkeypatch, language, prefix, limit):
    space("Testikirjasto", at(100, 100))
    space("Testinuorisotalo", at(120, 100))
    monkeypatch.setattr("spaces.pages.AREA_LIST_LIMIT", limit)
    district = station_district()
    page = client.get(f"{prefix}/alue/peruspiiri/{district.code}/").content.decode()
    section = page[page.index('id="spaces"') : page.index("</section>", page.index('id="spaces"'))]
    assert section.count("<tr>") == limit
    with translation.override(language):
        more = translation.ngettext("%(counter)s more is on the map.", "%(counter)s more are on the map.", 1) % {"counter": 1}
    assert (more in section) is (limit == 1)


@pytest.fixture
def published_opportunity() -> Opportunity:
    representative = User.objects.create_user(username="edustaja")
    planner = User.objects.create_user(username="suunnittelija")
    planner.groups.add(Group.objects.get(name=roles.PLANNER_GROUP))
    organiser = Organiser.objects.create(name="Esimerkkiseura ry", user=representative)
    organiser_verify(organiser=organiser, by=planner)
    opportunity = Opportunity(
        organiser=organiser, title_fi="Puistotalkoot", location=to_projection(KALLIO), status=Opportunity.Status.PUBLISHED
    )
    opportunity_save(opportunity=opportunity, by=representative)
    return opportunity


@pytest.mark.parametrize("language, prefix", LANGUAGES)
def test_the_luotsi_count_links_to_the_area_pages_section_in_the_language(published_opportunity, language, prefix):
    district = Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))
    elsewhere = station_district()
    with translation.override(language):
        counted = volunteering_pages.luotsi_volunteering(areas=[district, elsewhere])
    assert [(c.area_id, c.key, c.count) for c in counted] == [(district.pk, "volunteering", 1), (elsewhere.pk, "volunteering", 0)]
    assert counted[0].label == in_language(language, "Volunteering")
    assert counted[0].url == f"{prefix}/alue/peruspiiri/{district.code}/#volunteering"


def test_a_draft_opportunity_is_not_on_the_area_page(client, published_opportunity):
    draft = Opportunity(
        organiser=published_opportunity.organiser, title_fi="Luonnostalkoot", location=to_projection(KALLIO)
    )
    opportunity_save(opportunity=draft, by=published_opportunity.organiser.user)
    district = Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))
    page = client.get(f"/alue/peruspiiri/{district.code}/").content.decode()
    assert f'data-opportunity="{published_opportunity.pk}"' in page
    assert "Luonnostalkoot" not in page and f'data-opportunity="{draft.pk}"' not in page


@pytest.mark.parametrize("language, prefix", LANGUAGES)
def test_a_space_page_starts_with_the_way_back_its_kind_and_its_name(client, language, prefix):
    library = space("Testikirjasto", at(100, 100), kind=Space.Kind.LIBRARY)
    page = client.get(f"{prefix}/tila/{library.pk}/").content.decode()
    assert f'<li><a href="{prefix}/">{in_language(language, "City map")}</a></li>' in page
    assert '<li aria-current="page">Testikirjasto</li>' in page
    assert f'<p class="kicker">{capfirst(in_language(language, "library"))}</p>' in page
    # Only a Finnish name: on the Swedish and English pages it is marked as Finnish.
    assert ("<h1>Testikirjasto</h1>" if language == "fi" else '<h1 lang="fi">Testikirjasto</h1>') in page
    district = station_district()
    with translation.override(language):
        name = district.name
    assert f'href="{prefix}/alue/peruspiiri/{district.code}/">{name}</a>' in page.split("data-areas", 1)[1]
    assert client.get(f"{prefix}/tila/{library.pk + 1}/").status_code == 404


@pytest.mark.parametrize("language, prefix", LANGUAGES)
@pytest.mark.parametrize(
    "path, list_path, list_label, title",
    [
        ("palaute/uusi/", "palaute/", "Feedback", "Send feedback"),
        ("aloitteet/uusi/kirjoita/", "aloitteet/", "Initiatives", "Write your initiative"),
    ],
)
def test_the_form_pages_start_with_the_way_back_and_the_title(language, prefix, path, list_path, list_label, title):
    client = Client()
    client.force_login(User.objects.create_user(username="asukas"))
    session = client.session
    session["initiative_kind"] = {}  # the initiative's first step answered
    session.save()
    page = client.get(f"{prefix}/{path}").content.decode()
    assert f'<li><a href="{prefix}/{list_path}">{in_language(language, list_label)}</a></li>' in page
    assert f'<li aria-current="page">{in_language(language, title)}</li>' in page
    assert f"<h1>{in_language(language, title)}</h1>" in page
    assert "data-form-error" not in page
    # Sent without its text: the errors are said above the form too, in the page's language.
    page = client.post(f"{prefix}/{path}", {"description": ""}).content.decode()
    assert in_language(language, "Some details need fixing: see the messages beside the fields.") in page
