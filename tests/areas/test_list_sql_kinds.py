"""Spaces, events and volunteering pages built by PostgreSQL publish what their serializers publish,
in every language, in EPSG:3067 and with `near` (proposals and initiatives, with their per-user fields: their own apps' tests)."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from areas.geometry import to_projection
from areas.models import Area
from events.api.serializers import AreaEventFeatureSerializer
from events.models import AreaEvent
from events.services import event_save
from geo_osallisuus import roles
from spaces.api.serializers import SpaceFeatureSerializer
from tests.areas.sql_parity import assert_same_page
from tests.cases import factories
from volunteering.api.serializers import OpportunityFeatureSerializer
from volunteering.models import Opportunity, Organiser
from volunteering.services import opportunity_save, organiser_verify

pytestmark = pytest.mark.usefixtures("demo_areas")

KALLIO = Point(24.9513, 60.1840, srid=4326)
VARIANTS = [
    {"HTTP_ACCEPT_LANGUAGE": "fi"},
    {"HTTP_ACCEPT_LANGUAGE": "sv"},
    {"HTTP_ACCEPT_LANGUAGE": "en"},
    {"HTTP_ACCEPT_LANGUAGE": "sv", "query": {"srid": "3067"}},
    {"HTTP_ACCEPT_LANGUAGE": "fi", "query": {"near": "60.1699,24.9384"}},
]


def both(client, monkeypatch, url, serializer, variant) -> dict:
    variant = dict(variant)
    query = variant.pop("query", {})
    return assert_same_page(client, monkeypatch, url, serializer, query, **variant)


@pytest.fixture
def spaces(db):
    station = factories.STATION_3067
    shifted = MultiPolygon(Polygon.from_bbox((station.x - 10, station.y - 10, station.x + 10, station.y + 10)), srid=3067)
    factories.space(
        "Kirjasto", factories.at(0, 0), name_sv="Bibliotek", kind="library", capacity=40, is_free=True,
        street_address_fi="Asemaaukio 1", street_address_sv="Stationsplatsen 1", footprint=shifted,
        opening_hours={"mon": [["09:00", "20:00"]]}, wheelchair_accessible=None,
    )  # fmt: skip
    factories.space("Nuorisotalo", factories.at(800, 100), kind="youth_centre", is_free=False, price_info_fi="10 €/h")


@pytest.mark.parametrize("variant", VARIANTS)
def test_spaces(api_client, monkeypatch, spaces, variant):
    page = both(api_client, monkeypatch, "/api/v1/spaces/", SpaceFeatureSerializer, variant)
    assert len(page["features"]) == 2 and page["features"][0]["properties"]["areas"]


@pytest.fixture
def events(db):
    now = timezone.now().replace(microsecond=0)
    district = Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))
    space = factories.space("Kallion kirjasto", to_projection(KALLIO), name_sv="Berghälls bibliotek")
    for values in (
        {"name_fi": "Asukasilta", "name_sv": "Invånarkväll", "location": to_projection(KALLIO), "space": space,
         "keywords": ["yso:p1235"], "start_time": now + datetime.timedelta(days=1)},
        {"name_fi": "Verkkofoorumi", "is_online": True, "area": district, "description_fi": "Kuvaus",
         "start_time": now + datetime.timedelta(days=2, microseconds=5),
         "end_time": now + datetime.timedelta(days=2, hours=2)},
    ):  # fmt: skip
        event_save(event=AreaEvent(status=AreaEvent.Status.SCHEDULED, **values))


@pytest.mark.parametrize("variant", VARIANTS)
def test_events(api_client, monkeypatch, events, variant):
    page = both(api_client, monkeypatch, "/api/v1/events/", AreaEventFeatureSerializer, variant)
    if "query" not in variant:
        assert {f["properties"]["space_name"] is None for f in page["features"]} == {True, False}


@pytest.fixture
def opportunities(db):
    representative = User.objects.create_user(username="edustaja")
    planner = User.objects.create_user(username="suunnittelija")
    planner.groups.add(Group.objects.get(name=roles.PLANNER_GROUP))
    quiet = Organiser.objects.create(name="Hiljainen ry", user=representative, email="a@example.org", phone="1")
    open_ = Organiser.objects.create(
        name="Avoin ry", user=representative, email="b@example.org", phone="2", publish_contact=True
    )
    district = Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))
    for organiser, values in (
        (quiet, {"title_fi": "Puistotalkoot", "title_sv": "Parktalko", "location": to_projection(KALLIO),
                 "languages": ["fi", "sv"], "min_age": 15, "skills_fi": "Reippaus"}),
        (open_, {"title_fi": "Verkkotuki", "is_online": True, "area": district}),
    ):  # fmt: skip
        organiser_verify(organiser=organiser, by=planner)
        opportunity_save(
            opportunity=Opportunity(organiser=organiser, status=Opportunity.Status.PUBLISHED, **values),
            by=representative,
        )


@pytest.mark.parametrize("variant", VARIANTS)
def test_volunteering_with_contacts_only_by_consent(api_client, monkeypatch, opportunities, variant):
    page = both(api_client, monkeypatch, "/api/v1/volunteering/", OpportunityFeatureSerializer, variant)
    contacts = {f["properties"]["organiser"]["name"]: f["properties"]["organiser"]["email"] for f in page["features"]}
    assert contacts.get("Hiljainen ry", "") == "" and contacts.get("Avoin ry", "b@example.org") == "b@example.org"
