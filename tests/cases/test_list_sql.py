"""/api/v1/cases/ pages built by PostgreSQL publish what CaseFeatureSerializer publishes."""

import datetime

import pytest
from django.contrib.gis.geos import LineString
from django.utils import timezone

from cases.api.serializers import CaseFeatureSerializer
from cases.models import CaseLocation
from cases.services import case_location_create
from tests.areas.sql_parity import assert_same_page
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")

URL = "/api/v1/cases/"


@pytest.fixture
def cases(db):
    both = factories.case(
        title="Asemaaukio",
        geometry=factories.STATION_3067,
        title_sv="Stationsplatsen",
        classification_code="10 03",
        classification_title="Kaavoitus",
        sector="Kaupunkiympäristön toimiala",
        created=datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        last_handled=datetime.datetime(2025, 6, 30, 21, 0, 0, 123456, tzinfo=datetime.UTC),
        is_demo=True,
    )
    case_location_create(
        case=both,
        geometry=LineString(factories.at(0, 0).coords, factories.at(300, 50).coords, srid=3067),
        source=CaseLocation.Source.GEOLOCATED,
    )
    factories.case(title="", classification_title="Lupa-asia", geometry=factories.at(900, 0))
    factories.case(title="", created=timezone.now())  # unlocated, no title nor classification: the id shows
    factories.case(title="Vain ruotsi", title_sv="Bara svenska", geometry=factories.at(14000, 5000))  # in Vuosaari
    return both


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_property_in_every_language(api_client, monkeypatch, cases, language):
    page = assert_same_page(api_client, monkeypatch, URL, CaseFeatureSerializer, HTTP_ACCEPT_LANGUAGE=language)
    assert len(page["features"]) == 4
    titles = {f["properties"]["title"] for f in page["features"]}
    assert ("Stationsplatsen" if language == "sv" else "Asemaaukio") in titles


def test_translated_for_a_regional_language_tag(client, monkeypatch, cases):
    # The API's language comes from Accept-Language (its URLs have no language prefix).
    page = assert_same_page(client, monkeypatch, URL, CaseFeatureSerializer, HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")
    assert "Stationsplatsen" in {f["properties"]["title"] for f in page["features"]}


def test_datetimes_as_drf_writes_them(api_client, monkeypatch, cases):
    page = assert_same_page(api_client, monkeypatch, URL, CaseFeatureSerializer, {"q": "Asemaaukio"})
    properties = page["features"][0]["properties"]
    # In Helsinki's time; microseconds only when there are some (DRF's ISO 8601).
    assert properties["created"] == "2025-01-02T05:04:05+02:00"
    assert properties["last_handled"] == "2025-07-01T00:00:00.123456+03:00"


def test_locations_areas_and_3067(api_client, monkeypatch, cases):
    page = assert_same_page(api_client, monkeypatch, URL, CaseFeatureSerializer, {"srid": "3067"})
    assert page["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"
    station = next(f for f in page["features"] if f["id"] == cases.pk)
    assert [loc["source"] for loc in station["properties"]["locations"]] == ["imported", "geolocated"]
    assert station["properties"]["areas"] and station["geometry"]["type"] == "GeometryCollection"


def test_near_gives_the_distance(api_client, monkeypatch, cases):
    page = assert_same_page(
        api_client, monkeypatch, URL, CaseFeatureSerializer, {"near": "60.1699,24.9384", "radius": "5000"}
    )
    assert [f["properties"]["distance_m"] for f in page["features"]][:1] == [0.0]


def test_filters_and_pages_alike(api_client, monkeypatch, cases):
    for query in ({"page_size": "2"}, {"page": "2", "page_size": "2"}, {"bbox": "24.9,60.1,25.0,60.2"},
                  {"ordering": "-last_handled"}, {"located": "false"}):  # fmt: skip
        assert_same_page(api_client, monkeypatch, URL, CaseFeatureSerializer, query)
