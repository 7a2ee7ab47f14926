"""The resident area pages: sign-in, the form (draw, upload, pick), preview, send, refusals beside
their fields in the page's language, my areas, and an area's page with its overlaps in words."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.gis.db.models import Union
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from areas.models import Area
from map_ui.numbers import NARROW_NBSP, NBSP
from resident_areas import services, validation
from resident_areas.models import ResidentArea, ResidentAreaSource, ResidentAreaState
from resident_areas.services import DefinedGeometry

from .conftest import area, inner_point, square

NEW = "/omat-alueet/uusi/"


@pytest.fixture
def page_as(users):
    def _client(role: str) -> Client:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return _client


def drawn(polygon) -> str:
    """What draw.js writes into the hidden field: a FeatureCollection in EPSG:4326."""
    shape = polygon.transform(4326, clone=True)
    return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": json.loads(shape.json)}]})


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert match, f"no error beside {field_id}"
    return match.group(1)


def fi(message) -> str:
    with translation.override("fi"):
        return str(message)


@pytest.mark.django_db
class TestSignIn:
    @pytest.mark.parametrize("path", ["/omat-alueet/", NEW])
    def test_anonymous_is_sent_to_sign_in_and_back(self, page_as, path):
        response = page_as("anonymous").get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/kirjaudu/?next={path.replace('/', '%2F')}"

    def test_in_swedish_to_the_swedish_sign_in(self, page_as):
        response = page_as("anonymous").get("/sv" + NEW)
        assert response["Location"].startswith("/sv/kirjaudu/?next=%2Fsv%2Fomat-alueet%2Fuusi%2F")

    def test_anonymous_post_stores_nothing(self, demo_areas, page_as):
        response = page_as("anonymous").post(NEW, {"name_fi": "X", "method": "draw", "geometry": drawn(square(inner_point(), 200)), "action": "submit"})
        assert response.status_code == 302 and not ResidentArea.objects.exists()


@pytest.mark.django_db
class TestNewArea:
    def test_form_offers_every_way_and_the_official_areas_as_checkboxes(self, demo_areas, page_as):
        html = page_as("author").get(NEW).content.decode()
        for way in ("draw", "file", "areas"):
            assert f'id="method-{way}"' in html
        kallio = area("osa-alue", "010")
        assert f'type="checkbox" name="areas" value="{kallio.pk}"' in html
        assert 'enctype="multipart/form-data"' in html
        # Leaflet, Geoman and the drawing script from the service itself, no inline script.
        assert "/static/npm/leaflet-geoman/leaflet-geoman.min.js" in html and "/static/resident_areas/draw.js" in html
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)", html)

    def test_drawn_area_previewed_then_sent(self, demo_areas, page_as, users):
        client = page_as("author")
        shape = square(inner_point(), 200)  # 40 000 m²
        data = {"name_fi": "Puistokulma", "description": "Kahvila ja puisto", "method": "draw", "geometry": drawn(shape)}
        preview = client.post(NEW, {**data, "action": "preview"})
        html = preview.content.decode()
        assert preview.status_code == 200
        assert not ResidentArea.objects.exists()
        assert 'id="preview-map"' in html and 'value="submit"' in html
        surface = re.search(r"Sen pinta-ala on ([^.]*)\.", html).group(1)
        assert surface == f"40{NARROW_NBSP}000{NBSP}m²"
        assert 'value="Puistokulma"' in html and "Kahvila ja puisto</textarea>" in html  # nothing typed lost
        sent = client.post(NEW, {**data, "action": "submit"})
        stored = ResidentArea.objects.get()
        assert sent.status_code == 302 and sent["Location"] == f"/omat-alueet/{stored.pk}/"
        assert (stored.name_fi, stored.author, stored.state, stored.source) == ("Puistokulma", users["author"], ResidentAreaState.PROPOSED, ResidentAreaSource.DRAWN)
        assert abs(stored.geometry.area - shape.area) < 1.0
        page = client.get(sent["Location"]).content.decode()
        assert "Alueesi lähetettiin luotseille tarkastettavaksi." in page

    def test_refused_geometry_gets_its_reason_beside_the_map_and_keeps_the_text(self, demo_areas, page_as):
        shape = square(inner_point(), 30)  # 900 m², under the 1 000 m² limit
        response = page_as("author").post(NEW, {"name_fi": "Pieni", "description": "Vain penkki", "method": "draw", "geometry": drawn(shape), "action": "submit"})
        html = response.content.decode()
        assert response.status_code == 400 and not ResidentArea.objects.exists()
        expected = fi(validation.MSG_TOO_SMALL).format(area=900.0, limit=validation.MIN_AREA_M2)
        assert error_beside(html, "id_geometry") == expected
        assert 'value="Pieni"' in html and "Vain penkki</textarea>" in html
        assert 'aria-describedby="id_geometry-error"' in html

    def test_at_the_limit_is_accepted(self, demo_areas, page_as):
        side = validation.MIN_AREA_M2 ** 0.5 + 0.5  # just over the limit after the round trip through EPSG:4326
        response = page_as("author").post(NEW, {"name_fi": "Raja", "method": "draw", "geometry": drawn(square(inner_point(), side)), "action": "preview"})
        assert response.status_code == 200, response.content.decode()[:2000]

    def test_refusal_in_swedish_on_the_swedish_page(self, demo_areas, page_as):
        response = page_as("author").post("/sv" + NEW, {"name_fi": "Liten", "method": "draw", "geometry": drawn(square(inner_point(), 30)), "action": "preview"})
        with translation.override("sv"):
            expected = str(validation.MSG_TOO_SMALL).format(area=900.0, limit=validation.MIN_AREA_M2)
        assert error_beside(response.content.decode(), "id_geometry") == expected
        assert expected != fi(validation.MSG_TOO_SMALL).format(area=900.0, limit=validation.MIN_AREA_M2)

    def test_clipped_to_the_city_and_told_so_in_the_preview(self, demo_areas, page_as):
        city = Area.objects.filter(division__slug="suurpiiri").aggregate(u=Union("geometry"))["u"]
        polygons = list(city) if city.geom_type == "MultiPolygon" else [city]
        x, y = max((c for polygon in polygons for c in polygon[0]), key=lambda c: c[1])
        shape = square((x, y - 500), 2000)
        assert not city.covers(shape)
        html = page_as("author").post(NEW, {"name_fi": "Raja-alue", "method": "draw", "geometry": drawn(shape), "action": "preview"}).content.decode()
        assert "Helsingin ulkopuoliset osat (" in html and "rajattiin pois." in html
        assert not ResidentArea.objects.exists()

    def test_drawing_chosen_but_nothing_drawn(self, demo_areas, page_as):
        response = page_as("author").post(NEW, {"name_fi": "Tyhjä", "method": "draw", "geometry": "", "action": "preview"})
        assert response.status_code == 400
        from resident_areas.forms import MSG_DRAW_NOTHING

        assert error_beside(response.content.decode(), "id_geometry") == fi(MSG_DRAW_NOTHING)

    def test_no_way_chosen_is_an_error_beside_the_choice(self, demo_areas, page_as):
        response = page_as("author").post(NEW, {"name_fi": "Ei tapaa", "action": "preview"})
        html = response.content.decode()
        assert response.status_code == 400
        assert error_beside(html, "id_method")
        # The summary at the top links to the choice (a radio button has no id of its own to Django).
        assert '<a href="#method-draw">' in html and '<a href="#">' not in html

    def test_uploaded_file_survives_an_error_elsewhere(self, demo_areas, page_as):
        client = page_as("author")
        shape = square(inner_point(), 200)
        upload = SimpleUploadedFile("alue.geojson", shape.transform(4326, clone=True).json.encode(), content_type="application/geo+json")
        first = client.post(NEW, {"name_fi": "", "method": "file", "file": upload, "action": "preview"})
        html = first.content.decode()
        from resident_areas.services import MSG_NAME_REQUIRED

        assert first.status_code == 400 and error_beside(html, "id_name_fi") == fi(MSG_NAME_REQUIRED)
        kept = re.search(r'name="file_geometry" value="([^"]*)"', html).group(1)
        assert "alue.geojson" in html
        import html as html_module

        second = client.post(NEW, {"name_fi": "Tiedostosta", "method": "file", "file_geometry": html_module.unescape(kept), "file_name": "alue.geojson", "action": "submit"})
        assert second.status_code == 302
        stored = ResidentArea.objects.get()
        assert stored.source == ResidentAreaSource.FILE and abs(stored.geometry.area - shape.area) < 1.0

    def test_broken_file_is_refused_beside_the_file_field(self, demo_areas, page_as):
        from resident_areas import parsing

        upload = SimpleUploadedFile("alue.kml", b"\x89PNG\r\n", content_type="application/octet-stream")
        response = page_as("author").post(NEW, {"name_fi": "Kuva", "method": "file", "file": upload, "action": "preview"})
        assert response.status_code == 400
        assert error_beside(response.content.decode(), "id_file") == fi(parsing.MSG_FILE_KIND)

    def test_official_areas_joined(self, demo_areas, page_as):
        picked = [area("osa-alue", "010"), area("osa-alue", "020")]
        client = page_as("author")
        data = {"name_fi": "Kaksi", "method": "areas", "areas": [a.pk for a in picked]}
        preview = client.post(NEW, {**data, "action": "preview"}).content.decode()
        for a in picked:
            assert f'value="{a.pk}" id="area-{a.pk}" checked' in preview
        assert client.post(NEW, {**data, "action": "submit"}).status_code == 302
        stored = ResidentArea.objects.get()
        assert stored.source == ResidentAreaSource.AREAS
        assert abs(stored.geometry.area - sum(a.geometry.area for a in picked)) < 1.0

    def test_no_area_picked(self, demo_areas, page_as):
        from resident_areas.forms import MSG_AREAS_NOTHING

        response = page_as("author").post(NEW, {"name_fi": "Ei mitään", "method": "areas", "action": "preview"})
        assert error_beside(response.content.decode(), "id_areas") == fi(MSG_AREAS_NOTHING)


def make(author, where="010", *, state=ResidentAreaState.PROPOSED, reason="") -> ResidentArea:
    resident_area = services.resident_area_create(
        author=author, names={"fi": f"Alue {where}"}, defined=DefinedGeometry(square(inner_point(where), 300), ResidentAreaSource.DRAWN)
    ).resident_area
    if state != ResidentAreaState.PROPOSED:
        resident_area = services.resident_area_moderate(resident_area=resident_area, moderator=None, approve=state == ResidentAreaState.APPROVED, reason=reason)
    return resident_area


@pytest.mark.django_db
class TestMyAreasAndDetail:
    def test_my_areas_list_states_and_reasons_and_only_mine(self, demo_areas, page_as, users):
        rejected = make(users["author"], "010", state=ResidentAreaState.REJECTED, reason="Päällekkäin toisen kanssa")
        pending = make(users["author"], "020")
        others = make(users["resident"], "030")
        html = page_as("author").get("/omat-alueet/").content.decode()
        assert rejected.name in html and pending.name in html and others.name not in html
        assert "Päällekkäin toisen kanssa" in html
        with translation.override("fi"):
            assert str(ResidentAreaState.REJECTED.label).capitalize() in html

    def test_another_users_pending_area_is_not_visible(self, demo_areas, page_as, users):
        pending = make(users["author"])
        url = f"/omat-alueet/{pending.pk}/"
        assert page_as("resident").get(url).status_code == 404
        assert page_as("anonymous").get(url).status_code == 404
        assert page_as("author").get(url).status_code == 200

    def test_approved_area_page_has_overlaps_in_the_readers_numbers_and_contents_in_words(self, demo_areas, page_as, users):
        approved = make(users["author"], state=ResidentAreaState.APPROVED)
        fi_html = page_as("anonymous").get(f"/omat-alueet/{approved.pk}/").content.decode()
        en_html = page_as("anonymous").get(f"/en/omat-alueet/{approved.pk}/").content.decode()
        kallio = area("osa-alue", "010")
        assert kallio.name in fi_html
        # The whole 300 m square lies in one osa-alue: 90 000 m², 100 % of the area.
        assert f"90{NARROW_NBSP}000{NBSP}m²" in fi_html and f"100,0{NBSP}%" in fi_html
        assert "90,000\u00a0m²" in en_html and "100.0%" in en_html
        for key in ("budget_projects", "budget_proposals", "cases:", "spaces:"):
            assert key not in fi_html
        assert "Cases: 0 in or touching the area, 0 wholly inside" in en_html

    def test_the_area_page_section_shows_words_not_keys(self, demo_areas, page_as, users):
        approved = make(users["author"], state=ResidentAreaState.APPROVED)
        html = page_as("anonymous").get(f"/en/alue/asukasalue/{approved.area.code}/").content.decode()
        assert "budget_projects" not in html and "cases:" not in html
        assert "Cases: 0 in or touching the area, 0 wholly inside" in html

    def test_an_erased_authors_area_is_nobodys_own(self, demo_areas, page_as, users):
        approved = make(users["author"], state=ResidentAreaState.APPROVED)
        ResidentArea.objects.filter(pk=approved.pk).update(author=None)
        html = page_as("anonymous").get(f"/en/omat-alueet/{approved.pk}/").content.decode()
        assert 'href="/en/omat-alueet/"' not in html and 'href="/en/"' in html


@pytest.fixture
def write_rate(monkeypatch):
    """A signed-in sender may write `per_minute` times a minute, through the API and the pages together."""
    from geo_osallisuus.throttling import WriteRateThrottle

    per_minute = 2
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", {"write_anon": "30/minute", "write_user": f"{per_minute}/minute"})
    return per_minute


@pytest.mark.django_db
class TestWriteRate:
    def form(self, name: str) -> dict:
        return {"name_fi": name, "description": "Puisto", "method": "draw", "geometry": drawn(square(inner_point(), 200)), "action": "submit"}

    def test_sending_counts_against_the_apis_write_rate_and_loses_nothing(self, demo_areas, page_as, write_rate):
        from geo_osallisuus.api import MSG_THROTTLED

        client = page_as("author")
        sent = [client.post(NEW, self.form(f"Alue {n}")).status_code for n in range(write_rate)]
        assert sent == [302] * write_rate
        # A preview stores nothing and does not count.
        assert client.post(NEW, {**self.form("Esikatselu"), "action": "preview"}).status_code == 200
        refused = client.post(NEW, self.form("Yksi liikaa"))
        html = refused.content.decode()
        wait = int(refused["Retry-After"])
        assert refused.status_code == 429 and 0 < wait <= 60
        assert fi(MSG_THROTTLED).format(seconds=wait) in html
        assert 'value="Yksi liikaa"' in html and "Puisto</textarea>" in html  # nothing typed lost
        assert ResidentArea.objects.count() == write_rate

    def test_the_api_and_the_page_share_one_count_per_person(self, demo_areas, page_as, users, write_rate):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(users["author"])
        for _ in range(write_rate):
            api.post("/api/v1/resident-areas/", {"name_fi": "ei aluetta"}, format="json")
        assert page_as("author").post(NEW, self.form("Sivulta")).status_code == 429
        assert page_as("resident").post(NEW, self.form("Toiselta")).status_code == 302
        assert list(ResidentArea.objects.values_list("name_fi", flat=True)) == ["Toiselta"]
