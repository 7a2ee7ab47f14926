"""Cases, spaces and luotsit on the map pages: layers, detail pages, area
sections, the near-me panel and the luotsi's own view."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from areas.models import Area
from cases.models import Case
from luotsit import selectors as luotsi_selectors
from map_ui.layers import layer_registry
from map_ui.pages import DetailPage, DetailPageRegistry
from tests.cases.factories import at, case, space
from tests.luotsit.conftest import (  # noqa: F401 (fixtures)
    SECRET_EMAIL,
    SECRET_PHONE,
    demo_luotsit,
    own_luotsi,
    secret_luotsi,
    users,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def html_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def layer_configs(html: str) -> dict[str, dict]:
    """The layers the page's script gets, by key."""
    match = re.search(r"window\.geoMap\.attach\(\w+, (\{.*?\})\);", html, re.S)
    assert match, "no map configuration in the page"
    return {layer["key"]: layer for layer in json.loads(match.group(1))["layers"]}


@pytest.fixture
def content(demo_areas):
    """Near the railway station (Kluuvi, Vironniemi, Eteläinen): two pending cases,
    a decided one, an unlocated one and two spaces; one pending case far away in Vuosaari."""
    return {
        "pending": case(title="Rautatientorin kiveys", geometry=at(0, 0), sector="Kaupunkiympäristö"),
        "pending2": case(title="Kaisaniemen puiston valaistus", geometry=at(300, 400)),
        "decided": case(title="Ratkaistu asia", geometry=at(50, 0), status=Case.Status.DECIDED),
        "unlocated": case(title="Paikaton asia"),
        "far": case(title="Vuosaaren satama", geometry=at(14000, 5000)),
        "library": space(
            "Testikirjasto",
            at(100, 100),
            kind="library",
            phone="09 310 85000",
            booking_url="https://varaamo.example.org/tila/1",
            opening_hours={"mon": [["08:00", "20:00"]], "sat": [["10:00", "16:00"]]},
            is_free=True,
            wheelchair_accessible=True,
            accessibility_fi="Esteetön sisäänkäynti Kaivokadulta.",
        ),
        "youth": space("Testinuorisotalo", at(-200, 50), kind="youth_centre"),
    }


class TestLayers:
    def test_cases_spaces_and_luotsi_areas_are_fetched_from_the_api(self, client, demo_areas):
        html = html_of(client.get("/en/"))
        layers = layer_configs(html)
        assert layers["cases"]["url"].startswith(reverse("case-list") + "?")
        assert "status=pending" in layers["cases"]["url"] and "located=true" in layers["cases"]["url"]
        assert layers["cases"]["cluster"] and layers["spaces"]["cluster"]
        assert layers["cases"]["detailUrl"] == "/en/asia/{ahjo_id}/"
        assert layers["spaces"]["detailUrl"] == "/en/tila/{id}/"
        assert layers["luotsi-areas"]["url"].startswith(reverse("luotsi-coverage") + "?")
        assert layers["cases"]["valueLabels"]["status"]["pending"] == "pending"
        # Paged, never inlined.
        assert "page_size=500" in layers["cases"]["url"]
        assert "coordinates" not in html
        for key in ("cases", "spaces", "luotsi-areas"):
            assert f'data-layer-key="{key}"' in html

    def test_layers_in_swedish(self, client, demo_areas):
        layers = layer_configs(html_of(client.get("/sv/")))
        assert layers["cases"]["detailUrl"] == "/sv/asia/{ahjo_id}/"
        assert layers["spaces"]["detailUrl"] == "/sv/tila/{id}/"

    def test_the_layer_urls_answer_with_the_items(self, client, content):
        layers = {layer.key: layer for layer in layer_registry.layers()}
        body = client.get(layers["cases"].source_url()).json()
        assert {f["properties"]["case_id"] for f in body["features"]} == {
            content[k].case_id for k in ("pending", "pending2", "far")
        }
        body = client.get(layers["spaces"].source_url()).json()
        assert len(body["features"]) == 2

    def test_the_map_script_sends_the_located_apis_bbox_parameter(self, client, content):
        script = client.get("/static/map_ui/map.js")
        text = b"".join(script.streaming_content).decode() if script.streaming else script.content.decode()
        assert '"bbox=" + box + "&bbox_srid=4326"' in text and "in_bbox" not in text
        # What the script would send for a box around the station answers with its cases only.
        body = client.get(reverse("case-list") + "?status=pending&bbox=24.92,60.16,24.96,60.18&bbox_srid=4326").json()
        assert {f["properties"]["case_id"] for f in body["features"]} == {
            content["pending"].case_id,
            content["pending2"].case_id,
        }


class TestCasePage:
    def test_shows_the_case(self, client, content):
        pending = content["pending"]
        html = html_of(client.get(f"/asia/{pending.ahjo_id}/"))
        assert "<h1>Rautatientorin kiveys</h1>" in html
        assert pending.case_id in html and "Kaupunkiympäristö" in html
        assert f'href="{pending.ahjo_url}"' in html
        assert 'data-status="pending"' in html
        assert 'href="/alue/osa-alue/020/">Kluuvi</a>' in html
        assert f'"url": "/api/v1/cases/{pending.pk}/"' in html

    def test_either_id_form_and_languages(self, client, content):
        pending = content["pending"]
        assert client.get(f"/asia/{pending.case_id}/").status_code == 200
        html = html_of(client.get(f"/sv/asia/{pending.ahjo_id}/"))
        assert '<html lang="sv">' in html
        assert f'href="/asia/{pending.ahjo_id}/" lang="fi"' in html

    def test_unlocated_case_has_no_map(self, client, content):
        html = html_of(client.get(f"/en/asia/{content['unlocated'].ahjo_id}/"))
        assert "has not been placed on the map yet" in html and "geoMap.attach" not in html

    @pytest.mark.parametrize("case_id", ["HEL-2025-999999", "nonsense", "HEL 1800-000001"])
    def test_unknown_case_is_a_404(self, client, content, case_id):
        assert client.get(f"/asia/{case_id}/").status_code == 404


class TestSpacePage:
    def test_shows_contacts_hours_terms_booking_accessibility(self, client, content):
        library = content["library"]
        html = html_of(client.get(f"/en/tila/{library.pk}/"))
        assert '<h1 lang="fi">Testikirjasto</h1>' in html  # a Finnish-only name on the English page
        assert 'href="tel:0931085000"' in html
        assert re.search(r"<th scope=\"row\">Monday</th><td>08:00–20:00</td>", html)
        assert re.search(r"<th scope=\"row\">Sunday</th><td>closed</td>", html)
        assert "Free of charge" in html
        assert 'href="https://varaamo.example.org/tila/1"' in html and "data-booking" in html
        assert "Wheelchair accessible." in html and "Esteetön sisäänkäynti" in html
        assert f'"url": "/api/v1/spaces/{library.pk}/"' in html

    def test_unknown_space_is_a_404(self, client, content):
        assert client.get("/tila/999999/").status_code == 404


class TestAreaSections:
    def test_lists_the_pending_cases_and_spaces_in_the_area(self, client, content):
        kluuvi = Area.objects.get(division__slug="osa-alue", code="020")
        expected = Case.objects.filter(status=Case.Status.PENDING).in_areas([kluuvi])
        assert content["pending"] in expected and content["decided"] not in Case.objects.pending()
        html = html_of(client.get("/en/alue/osa-alue/020/"))
        cases = html[html.index('id="cases"') : html.index('id="spaces"')]
        assert f'data-count="{expected.count()}"' in cases
        assert cases.count("<tr") == 1 + expected.count()
        assert f'href="/en/asia/{content["pending"].ahjo_id}/" lang="fi">Rautatientorin kiveys</a>' in cases
        assert "Ratkaistu asia" not in cases and "Vuosaaren" not in cases
        spaces = html[html.index('id="spaces"') :]
        assert f'href="/en/tila/{content["library"].pk}/" lang="fi">Testikirjasto</a>' in spaces

    def test_larger_area_counts_everything_inside(self, client, content):
        html = html_of(client.get("/alue/suurpiiri/1/"))
        cases = html[html.index('id="cases"') : html.index('id="spaces"')]
        assert 'data-count="2"' in cases and cases.count("<tr") == 3  # header + two rows
        spaces = html[html.index('id="spaces"') :]
        assert 'data-count="2"' in spaces

    def test_area_map_shows_the_areas_items(self, client, content):
        area = Area.objects.get(division__slug="osa-alue", code="020")
        layers = layer_configs(html_of(client.get("/alue/osa-alue/020/")))
        assert layers["cases"]["url"].endswith(f"&area={area.pk}") and layers["cases"]["enabled"]
        assert layers["spaces"]["url"].endswith(f"&area={area.pk}")
        body = client.get(layers["cases"]["url"]).json()
        expected = Case.objects.filter(status=Case.Status.PENDING).in_areas([area])
        assert {f["properties"]["case_id"] for f in body["features"]} == set(expected.values_list("case_id", flat=True))
        assert content["pending"].case_id in {f["properties"]["case_id"] for f in body["features"]}

    def test_empty_area_says_so(self, client, content):
        html = html_of(client.get("/en/alue/suurpiiri/5/"))
        # Says why the lists are missing, not "0 ..." (issue 20 item 10).
        assert "No pending case of the city's decision-making lies in or touches this area." in html
        assert "The city has no spaces for residents in this area." in html


@pytest.mark.usefixtures("demo_luotsit")
class TestLuotsiOnPages:
    def test_area_page_card_shows_only_published_contacts(self, client, secret_luotsi):
        html = html_of(client.get("/en/alue/osa-alue/020/"))
        card = html[html.index('id="luotsi"') : html.index("</section>", html.index('id="luotsi"'))]
        assert "Salla Salainen" in card
        assert "has not published contact details" in card
        assert SECRET_PHONE not in html and SECRET_PHONE.replace(" ", "") not in html
        assert SECRET_EMAIL not in html

    def test_unpublished_phone_appears_on_no_page(self, client, secret_luotsi, content):
        pages = ["/", "/sv/", "/en/lahella/", "/alue/osa-alue/020/", "/alue/peruspiiri/101/", "/alue/suurpiiri/1/",
                 f"/asia/{content['pending'].ahjo_id}/", f"/tila/{content['library'].pk}/"]
        for path in pages:
            html = html_of(client.get(path))
            assert SECRET_PHONE not in html and SECRET_PHONE.replace(" ", "") not in html, path
            assert SECRET_EMAIL not in html, path
        # The demo's stadiluotsi of Läntinen does not publish a phone either.
        bertil = luotsi_selectors.luotsi_list().get(name="Bertil Kuvitelma")
        assert not bertil.publish_phone
        html = html_of(client.get("/alue/suurpiiri/2/"))
        assert "Bertil Kuvitelma" in html and bertil.phone not in html and bertil.email in html

    def test_inherited_card_names_the_larger_area(self, client):
        html = html_of(client.get("/en/alue/osa-alue/020/"))
        card = html[html.index('id="luotsi"') : html.index("</section>", html.index('id="luotsi"'))]
        assert "Aino Esimerkki" in card and "Serves the larger area:" in card
        assert 'href="/en/alue/suurpiiri/1/"' in card

    def test_near_me_page_has_the_luotsi_panel(self, client):
        html = html_of(client.get("/en/lahella/"))
        assert 'id="near-me-luotsi"' in html
        assert "/static/luotsit/near_me_luotsi.js" in html
        config = json.loads(re.search(r'id="near-me-luotsi-config"[^>]*>(.*?)</script>', html, re.S).group(1))
        assert config["lookupUrl"] == reverse("luotsi-lookup") and config["language"] == "en"


def expected_in_vironniemi() -> tuple[int, int]:
    from spaces.models import Space

    vironniemi = Area.objects.get(division__slug="peruspiiri", code="101")
    return Case.objects.pending().in_areas([vironniemi]).count(), Space.objects.in_areas([vironniemi]).count()


class TestLuotsiOwnView:
    def test_counts_and_links_of_cases_and_spaces(self, client, users, own_luotsi, content):
        client.force_login(users["luotsi"])
        html = html_of(client.get("/luotsit/me/"))
        cases, spaces = expected_in_vironniemi()
        assert cases >= 1 and spaces >= 1
        assert f'<a href="/alue/peruspiiri/101/#cases">{cases}</a>' in html
        assert f'<a href="/alue/peruspiiri/101/#spaces">{spaces}</a>' in html

    def test_api_lists_them_too(self, users, own_luotsi, content):
        from rest_framework.test import APIClient

        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(users["luotsi"])
        [item] = api.get("/api/v1/luotsit/me/").json()["areas"]
        contents = {c["key"]: c for c in item["contents"]}
        cases, spaces = expected_in_vironniemi()
        assert contents["pending_cases"]["count"] == cases and contents["pending_cases"]["label"] == "Pending cases"
        assert contents["spaces"]["count"] == spaces and contents["spaces"]["url"] == "/en/alue/peruspiiri/101/#spaces"  # the API follows Accept-Language


class TestDetailPageRegistry:
    def test_names_and_routes_are_unique_and_mounted_per_language(self):
        registry = DetailPageRegistry()
        registry.register(DetailPage(name="thing", route="asia-x/<int:pk>/", view=lambda request, pk: None))
        with pytest.raises(ValueError, match="already registered"):
            registry.register(DetailPage(name="thing", route="other/", view=lambda request: None))
        with pytest.raises(ValueError, match="already has the route"):
            registry.register(DetailPage(name="other", route="asia-x/<int:pk>/", view=lambda request: None))
        [pattern] = registry.urlpatterns()
        assert pattern.name == "thing"

    def test_registered_pages_reverse_in_each_language(self):
        from map_ui.i18n import page_reverse

        assert page_reverse("map_ui:case", kwargs={"case_id": "HEL-2025-000001"}, language="fi") == "/asia/HEL-2025-000001/"
        assert page_reverse("map_ui:space", kwargs={"pk": 3}, language="en") == "/en/tila/3/"
