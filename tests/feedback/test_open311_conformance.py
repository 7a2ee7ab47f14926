"""Open311 GeoReport v2: requests on water, address_string without coordinates, media_url, locale."""

from __future__ import annotations

import json
import math

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.test import override_settings
from django.utils import translation

from areas.demo import demo_addresses_load
from areas.land import point_on_land
from areas.models import Address, Area
from feedback import services as feedback_services
from feedback.api import open311
from feedback.models import PUBLIC_GRID_M, FeedbackRequest

from .conftest import KALLIO, point

REQUESTS = "/api/v1/open311/requests.json"
# Open sea between Suomenlinna and the outer islands: inside the city's (demo) areas, off its land.
AT_SEA = (24.95, 60.11)


def post(client, lonlat=KALLIO, code="171", **body):
    data = {"service_code": code, "description": "A pothole in the road here.", **body}
    if lonlat is not None:
        data.update(lat=lonlat[1], long=lonlat[0])
    return client.post(REQUESTS, data)


def in_language(language: str, message, **values) -> str:
    with translation.override(language):
        return str(message).format(**values)


def description(response) -> str:
    return response.json()[0]["description"]


class TestWater:
    def test_the_sea_point_lies_in_the_citys_areas(self, helsinki):
        # What made the pothole at sea pass: the official areas take in the sea.
        assert Area.objects.filter(division__is_official=True, geometry__covers=point(AT_SEA)).exists()

    def test_a_point_on_land_is_accepted(self, api_client, helsinki, services):
        assert post(api_client, KALLIO).status_code == 201

    def test_a_pothole_at_sea_is_refused_in_the_senders_language(self, api_client, helsinki, services):
        response = post(api_client, AT_SEA, locale="fi")
        assert response.status_code == 400
        assert description(response) == in_language("fi", feedback_services.MSG_ON_WATER, code="171")
        assert not FeedbackRequest.objects.exists()

    def test_a_service_that_allows_water_takes_the_sea_point(self, api_client, helsinki, services):
        services["172"].allows_water = True
        services["172"].save()
        response = post(api_client, AT_SEA, code="172")
        assert response.status_code == 201, response.content
        assert FeedbackRequest.objects.get().service == services["172"]

    def test_every_demo_osa_alue_centre_is_on_the_demo_land(self):
        data = json.loads((settings.BASE_DIR / "fixtures" / "demo" / "divisions.json").read_text(encoding="utf-8"))
        off = [o["name_fi"] for o in data["osa_alueet"] if not point_on_land(point(o["centre"]))]
        assert off == []


class TestLandLayer:
    """areas.land: the polygons of CITY_LAND_FILE; the shore counts as land."""

    @pytest.fixture
    def square_file(self, tmp_path):
        path = tmp_path / "land.geojson"
        square = [[[385000, 6672000], [386000, 6672000], [386000, 6673000], [385000, 6673000], [385000, 6672000]]]
        path.write_text(json.dumps({
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3067"}},
            "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square}}],
        }))  # fmt: skip
        return path

    @pytest.mark.parametrize("x, on_land", [(385999.0, True), (386000.0, True), (386001.0, False)])
    def test_inside_on_and_outside_the_shore(self, square_file, x, on_land):
        with override_settings(CITY_LAND_FILE=str(square_file)):
            assert point_on_land(Point(x, 6672500.0, srid=3067)) is on_land

    def test_without_a_land_layer_the_whole_city_is_land(self):
        with override_settings(CITY_LAND_FILE=""):
            assert point_on_land(point(AT_SEA)) is True


@pytest.fixture
def addresses(helsinki):
    demo_addresses_load()


class TestAddressString:
    def test_an_address_without_coordinates_is_placed_by_the_register(self, api_client, addresses, services):
        response = post(api_client, None, address_string="Mannerheimintie 5")
        assert response.status_code == 201, response.content
        stored = FeedbackRequest.objects.get()
        address = Address.objects.get(street_fi="Mannerheimintie", number="5")
        assert stored.geometry.equals_exact(address.point, 0.001)
        assert stored.address_string == "Mannerheimintie 5"
        shown = api_client.get(f"/api/v1/open311/requests/{stored.pk}.json").json()[0]
        centre = Point(shown["long"], shown["lat"], srid=4326).transform(settings.PROJECTION_SRID, clone=True)
        half = PUBLIC_GRID_M / 2
        expected = [math.floor(v / PUBLIC_GRID_M) * PUBLIC_GRID_M + half for v in (address.point.x, address.point.y)]
        assert centre.x == pytest.approx(expected[0], abs=0.5) and centre.y == pytest.approx(expected[1], abs=0.5)

    def test_the_swedish_street_name_places_it_too(self, api_client, addresses, services):
        assert post(api_client, None, address_string="Mannerheimvägen 5").status_code == 201

    def test_an_address_not_in_the_register_is_refused(self, api_client, addresses, services):
        response = post(api_client, None, address_string="Olematon katu 999")
        assert response.status_code == 400
        assert description(response) == in_language(
            "en", feedback_services.MSG_ADDRESS_UNKNOWN, address="Olematon katu 999"
        )
        assert not FeedbackRequest.objects.exists()

    def test_neither_point_nor_address(self, api_client, addresses, services):
        response = post(api_client, None)
        assert response.status_code == 400 and description(response) == str(feedback_services.MSG_PLACE_REQUIRED)

    def test_half_a_point_is_refused_as_before(self, api_client, addresses, services):
        response = post(api_client, None, lat=KALLIO[1], address_string="Mannerheimintie 5")
        assert response.status_code == 400 and description(response) == str(open311.MSG_POINT_REQUIRED)


class TestMediaUrl:
    def test_an_https_url_is_stored_and_published(self, api_client, helsinki, services):
        url = "https://example.org/kuvat/kuoppa.jpg"
        response = post(api_client, media_url=url)
        assert response.status_code == 201, response.content
        stored = FeedbackRequest.objects.get()
        assert stored.media_url == url
        assert api_client.get(f"/api/v1/open311/requests/{stored.pk}.json").json()[0]["media_url"] == url

    def test_without_one_it_is_null(self, api_client, helsinki, services):
        pk = post(api_client).json()[0]["service_request_id"]
        assert api_client.get(f"/api/v1/open311/requests/{pk}.json").json()[0]["media_url"] is None

    @pytest.mark.parametrize(
        "url", ["http://example.org/kuoppa.jpg", "kuoppa.jpg", "javascript:alert(1)", "https://", "ftp://example.org/a.jpg"]
    )
    def test_anything_but_an_https_url_is_refused(self, api_client, helsinki, services, url):
        response = post(api_client, media_url=url)
        assert response.status_code == 400 and description(response) == str(feedback_services.MSG_MEDIA_URL)
        assert not FeedbackRequest.objects.exists()


class TestLocale:
    @pytest.mark.parametrize("locale, language", [("fi", "fi"), ("sv_FI", "sv"), ("en-US", "en"), ("SV-fi", "sv")])
    def test_errors_answer_in_the_locales_language(self, api_client, db, locale, language):
        response = api_client.get(f"/api/v1/open311/requests/999999.json?locale={locale}")
        assert response.status_code == 404
        assert description(response) == in_language(language, open311.MSG_NOT_FOUND, id="999999")
        assert response["Content-Language"] == language

    def test_the_service_list_answers_in_the_locales_language(self, api_client, services):
        services["171"].service_name_sv = "Gropar i gatan"
        services["171"].save()
        names = {s["service_code"]: s["service_name"] for s in api_client.get("/api/v1/open311/services.json?locale=sv").json()}
        assert names["171"] == "Gropar i gatan"
        names = {s["service_code"]: s["service_name"] for s in api_client.get("/api/v1/open311/services.json").json()}
        assert names["171"] == "Pothole"

    def test_a_post_answers_in_the_locale_of_its_body(self, api_client, helsinki, services):
        response = post(api_client, AT_SEA, locale="sv")
        assert description(response) == in_language("sv", feedback_services.MSG_ON_WATER, code="171")

    def test_a_language_the_service_does_not_speak_falls_back_to_accept_language(self, api_client, db):
        response = api_client.get("/api/v1/open311/requests/999999.json?locale=de_DE")
        assert description(response) == in_language("en", open311.MSG_NOT_FOUND, id="999999")

    def test_a_locale_that_is_no_language_tag_is_a_400(self, api_client, db):
        response = api_client.get("/api/v1/open311/services.json?locale=fi;DROP")
        assert response.status_code == 400
        assert description(response) == in_language("en", open311.MSG_BAD_LOCALE, value="fi;DROP")

    def test_the_language_does_not_stick_to_the_next_request(self, api_client, db):
        api_client.get("/api/v1/open311/requests/999999.json?locale=fi")
        response = api_client.get("/api/v1/open311/requests/999999.json")
        assert description(response) == in_language("en", open311.MSG_NOT_FOUND, id="999999")
