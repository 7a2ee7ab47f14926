"""Find my luotsi: the fallback chain, points and areas, and every 400."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.contrib.gis.geos import MultiPolygon, Polygon

from areas.models import Area, DivisionType
from luotsit import selectors, services
from luotsit.api import params
from luotsit.models import Luotsi, Role

from .conftest import area

URL = "/api/v1/luotsit/lookup/"
CENTRAL_STATION = {"lat": "60.1699", "lon": "24.9384"}  # Kluuvi (020) in Vironniemi (101) in Eteläinen (1)
ESPOO = {"lat": "60.2055", "lon": "24.6559"}


def lookup(api_client, **query):
    return api_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")


def stadi_names(body) -> list[str]:
    return [card["name"] for card in body["stadiluotsi"]["luotsit"]]


@pytest.mark.usefixtures("demo_luotsit")
class TestDemoCity:
    def test_every_demo_osa_alue_has_exactly_one_stadiluotsi_with_published_contacts(self, api_client):
        points = (
            Area.objects.filter(division__slug="osa-alue")
            .annotate(spot=Transform(PointOnSurface("geometry"), 4326))
            .values_list("code", "spot")
        )
        assert len(points) == 147
        for code, spot in points:
            response = lookup(api_client, lat=f"{spot.y:.7f}", lon=f"{spot.x:.7f}")
            assert response.status_code == 200, code
            body = response.json()
            assert body["inside_helsinki"] is True and body["message"] is None, code
            cards = body["stadiluotsi"]["luotsit"]
            assert len(cards) == 1, code
            card = cards[0]
            luotsi = Luotsi.objects.get(pk=card["id"])
            assert luotsi.role == Role.STADILUOTSI
            # The published ways to reach them, and nothing unpublished.
            assert card["email"] == (luotsi.email if luotsi.publish_email else None), code
            assert card["phone"] == (luotsi.phone if luotsi.publish_phone else None), code
            assert card["email"] or card["phone"], code
            assert len(body["yritysluotsi"]["luotsit"]) == 1, code

    def test_central_station_falls_back_to_etelainen(self, api_client):
        body = lookup(api_client, **CENTRAL_STATION).json()
        assert [a["code"] for a in body["areas"]] == ["020", "101", "1"]
        assert stadi_names(body) == ["Aino Esimerkki"]
        assert body["stadiluotsi"]["area"]["code"] == "1"
        assert body["stadiluotsi"]["is_fallback"] is True
        assert body["query"]["srid"] == 4326

    def test_projected_point_gives_the_same_answer(self, api_client):
        body = lookup(api_client, x="385722.6", y="6672094.4", srid="3067").json()
        assert stadi_names(body) == ["Aino Esimerkki"]

    def test_outside_helsinki_says_so_and_names_nobody(self, api_client):
        body = lookup(api_client, **ESPOO).json()
        assert body["inside_helsinki"] is False
        assert body["message"] == "The point is not inside Helsinki."
        assert body["stadiluotsi"]["luotsit"] == [] and body["stadiluotsi"]["area"] is None


@pytest.mark.usefixtures("demo_luotsit")
class TestFallbackChain:
    def test_osa_alue_luotsi_wins_over_peruspiiri_and_suurpiiri(self, api_client):
        services.luotsi_create(name="Perus Piirinen", areas=[area("peruspiiri", "101")])
        services.luotsi_create(name="Osa Alueinen", areas=[area("osa-alue", "020")])
        body = lookup(api_client, **CENTRAL_STATION).json()
        assert stadi_names(body) == ["Osa Alueinen"]
        assert body["stadiluotsi"]["area"]["code"] == "020" and body["stadiluotsi"]["is_fallback"] is False
        # The yritysluotsi is still found higher up: each role falls back on its own.
        assert body["yritysluotsi"]["area"]["code"] == "1"

    def test_peruspiiri_luotsi_serves_its_osa_alueet(self, api_client):
        services.luotsi_create(name="Perus Piirinen", areas=[area("peruspiiri", "101")])
        body = lookup(api_client, **CENTRAL_STATION).json()
        assert stadi_names(body) == ["Perus Piirinen"]
        assert body["stadiluotsi"]["area"]["code"] == "101"

    def test_inactive_and_future_luotsit_are_skipped(self, api_client):
        left = services.luotsi_create(name="Lähtenyt Luotsi", areas=[area("osa-alue", "020")])
        services.luotsi_deactivate(luotsi=left)
        services.luotsi_create(
            name="Tuleva Luotsi",
            active_from=timezone.localdate() + datetime.timedelta(days=30),
            areas=[area("peruspiiri", "101")],
        )
        assert stadi_names(lookup(api_client, **CENTRAL_STATION).json()) == ["Aino Esimerkki"]

    def test_no_luotsi_anywhere_in_the_chain(self, api_client):
        Luotsi.objects.filter(areas__code="1", areas__division__slug="suurpiiri").update(is_active=False)
        body = lookup(api_client, **CENTRAL_STATION).json()
        assert body["stadiluotsi"] == {"area": None, "is_fallback": False, "luotsit": []}
        assert body["message"] == "No active stadiluotsi serves this place."

    def test_area_by_id_falls_back_through_parents(self, api_client):
        kluuvi = area("osa-alue", "020")
        body = lookup(api_client, area=str(kluuvi.pk)).json()
        assert [a["code"] for a in body["areas"]] == ["020", "101", "1"]
        assert stadi_names(body) == ["Aino Esimerkki"]
        assert body["query"]["area"]["id"] == kluuvi.pk and body["query"]["point"] is None

    def test_area_by_division_and_code(self, api_client):
        body = lookup(api_client, division="suurpiiri", code="4").json()
        assert stadi_names(body) == ["Daniel Testilä"]
        assert body["stadiluotsi"]["is_fallback"] is False

    def test_resident_area_falls_back_to_the_official_areas_around_it(self, api_client):
        kluuvi = area("osa-alue", "020")
        inner = kluuvi.geometry.point_on_surface.buffer(50)
        resident = Area.objects.create(
            division=DivisionType.objects.get(slug="asukasalue"),
            code="kluuvin-kortteli",
            name="Kluuvin kortteli",
            geometry=MultiPolygon(Polygon(inner.exterior_ring.coords), srid=3067),
        )
        body = lookup(api_client, area=str(resident.pk)).json()
        assert [a["code"] for a in body["areas"]] == ["kluuvin-kortteli", "020", "101", "1"]
        assert stadi_names(body) == ["Aino Esimerkki"]
        # A luotsi of the resident area itself wins, for its area and for points in it.
        services.luotsi_create(name="Asukas Luotsinen", areas=[resident])
        assert stadi_names(lookup(api_client, area=str(resident.pk)).json()) == ["Asukas Luotsinen"]
        spot = resident.geometry.point_on_surface.transform(4326, clone=True)
        by_point = lookup(api_client, lat=f"{spot.y:.7f}", lon=f"{spot.x:.7f}").json()
        assert stadi_names(by_point) == ["Asukas Luotsinen"]
        # ... but not for Kluuvi as a whole.
        assert stadi_names(lookup(api_client, area=str(kluuvi.pk)).json()) == ["Aino Esimerkki"]

    def test_two_luotsit_of_one_area_are_both_named(self, api_client):
        services.luotsi_create(name="Toinen Eteläinen", areas=[area("suurpiiri", "1")])
        assert stadi_names(lookup(api_client, **CENTRAL_STATION).json()) == ["Aino Esimerkki", "Toinen Eteläinen"]

    def test_card_for_area_selector(self):
        cards = selectors.luotsi_card_for_area(area=area("osa-alue", "020"))
        assert [(c["role"], c["name"]) for c in cards] == [
            ("stadiluotsi", "Aino Esimerkki"),
            ("yritysluotsi", "Iida Yrityslainen"),
        ]
        assert cards[0]["served_area"]["code"] == "1" and cards[0]["is_fallback"] is True


@pytest.mark.usefixtures("demo_areas")
class TestBadInput:
    @pytest.mark.parametrize(
        "query, message",
        [
            ({}, params.MSG_NOTHING_TO_LOOK_UP),
            ({"lat": "60.17", "lon": "24.94", "area": "1"}, params.MSG_POINT_OR_AREA),
            ({"x": "385722", "y": "6672094", "srid": "3067", "division": "suurpiiri"}, params.MSG_POINT_OR_AREA),
            ({"area": "abc"}, params.MSG_AREA_ID.format(value="abc")),
            ({"area": "-1"}, params.MSG_AREA_ID.format(value="-1")),
            ({"area": "1", "division": "suurpiiri", "code": "1"}, params.MSG_AREA_AND_CODE),
            ({"division": "suurpiiri"}, params.MSG_DIVISION_AND_CODE),
            ({"code": "1"}, params.MSG_DIVISION_AND_CODE),
            ({"division": "kunta", "code": "1"}, params.MSG_UNKNOWN_DIVISION.format(value="kunta")),
            ({"lat": "95", "lon": "24.9"}, "Parameter lat must be between -90 and 90"),
            ({"lat": "abc", "lon": "24.9"}, "Parameter lat must be a number"),
            ({"x": "385722", "y": "6672094"}, "x and y need srid"),
            ({"x": "385722", "y": "6672094", "srid": "2393"}, "Unsupported coordinate reference system"),
            ({"lat": "60.1", "lon": "24.9", "srid": "3067"}, "lat and lon are always EPSG:4326"),
        ],
    )
    def test_400_with_a_message(self, api_client, query, message):
        response = lookup(api_client, **query)
        assert response.status_code == 400
        assert str(message) in str(response.json()["detail"])

    @pytest.mark.parametrize("query", [{"area": "999999"}, {"division": "suurpiiri", "code": "99"}])
    def test_unknown_area_is_404(self, api_client, query):
        response = lookup(api_client, **query)
        assert response.status_code == 404
        assert response.json()["detail"] == str(params.MSG_AREA_NOT_FOUND)
