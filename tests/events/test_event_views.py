"""Area events in the API, on the area page, in the luotsi's count, in the OGC API, and the demo."""

import json
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from areas.geometry import to_projection
from areas.models import Area
from events import selectors
from events.demo import demo_events_load
from events.models import AreaEvent
from events.pages import luotsi_events
from events.services import event_save

pytestmark = pytest.mark.usefixtures("demo_areas")

KALLIO = Point(24.9513, 60.1840, srid=4326)
DAY = timedelta(days=1)


def make(name, *, start, end=None, point=KALLIO, status=AreaEvent.Status.SCHEDULED, **values) -> AreaEvent:
    return event_save(
        event=AreaEvent(
            name_fi=name,
            start_time=start,
            end_time=end,
            location=to_projection(point) if point is not None else None,
            status=status,
            **values,
        )
    )


def kallio_district() -> Area:
    return Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))


def names(response) -> list[str]:
    return [f["properties"]["name"] for f in response.json()["features"]]


@pytest.fixture
def now():
    return timezone.now()


def test_upcoming_means_not_over_and_starting_within_the_days(api_client, now):
    days = selectors.UPCOMING_DAYS
    make("under way", start=now - DAY, end=now + timedelta(hours=1))
    make("just over", start=now - DAY, end=now - timedelta(seconds=1))
    make("no end, started a second ago", start=now - timedelta(seconds=1))
    make("last day inside", start=now + timedelta(days=days) - timedelta(minutes=1))
    make("first day outside", start=now + timedelta(days=days) + timedelta(minutes=1))
    make("a draft", start=now + DAY, status=AreaEvent.Status.DRAFT)
    response = api_client.get("/api/v1/events/", {"upcoming_days": days})
    assert response.status_code == 200
    assert names(response) == ["under way", "last day inside"]
    assert "a draft" not in names(api_client.get("/api/v1/events/"))


def test_the_shared_filters_apply(api_client, now):
    district = kallio_district()
    make("in Kallio", start=now + DAY)
    make("in Vuosaari", start=now + DAY, point=Point(25.1440, 60.2090, srid=4326))
    assert names(api_client.get("/api/v1/events/", {"division": "peruspiiri", "area": district.code})) == ["in Kallio"]
    assert names(api_client.get("/api/v1/events/", {"near": "60.1840,24.9513", "radius": 500})) == ["in Kallio"]
    assert api_client.get("/api/v1/events/", {"upcoming_days": -1}).status_code == 400
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"area", "division", "bbox", "near", "upcoming_days"} <= parameters


def test_the_area_page_lists_upcoming_events_of_the_area_and_those_for_it_as_a_whole(client, now):
    district = kallio_district()
    make("Asukasilta Kalliossa", start=now + DAY, end=now + DAY + timedelta(hours=2))
    make("Verkkofoorumi", start=now + 2 * DAY, point=None, is_online=True, area=district)
    make("Suurpiirin foorumi", start=now + 3 * DAY, point=None, is_online=True, area=district.parent)
    sibling = Area.objects.filter(parent=district.parent).exclude(pk=district.pk).first()
    make("Naapuripiirin foorumi", start=now + 3 * DAY, point=None, area=sibling)
    make("Viime viikon ilta", start=now - 7 * DAY, end=now - 7 * DAY + timedelta(hours=2))
    make("Luonnos", start=now + DAY, status=AreaEvent.Status.DRAFT)
    make("Muualla", start=now + DAY, point=Point(25.1440, 60.2090, srid=4326))
    page = client.get(f"/alue/peruspiiri/{district.code}/").content.decode()
    assert "Asukasilta Kalliossa" in page and "Verkkofoorumi" in page and "Suurpiirin foorumi" in page
    for absent in ("Viime viikon ilta", "Luonnos", "Muualla", "Naapuripiirin foorumi"):
        assert absent not in page
    assert 'data-count="3"' in page


def test_the_luotsi_count_is_of_upcoming_events(now):
    district = kallio_district()
    make("tuleva", start=now + DAY)
    make("mennyt", start=now - 2 * DAY, end=now - DAY)
    [content] = luotsi_events(areas=[district])
    assert (content.key, content.count) == ("events", 1)
    assert content.url.endswith(f"/alue/peruspiiri/{district.code}/#events")


def test_the_ogc_collection_has_the_public_events(client, now):
    make("julkinen", start=now + DAY)
    make("luonnos", start=now + DAY, status=AreaEvent.Status.DRAFT)
    response = client.get("/ogc/collections/events/items", {"f": "json"})
    assert response.status_code == 200
    features = json.loads(b"".join(response.streaming_content))["features"]
    assert [f["properties"]["name"] for f in features] == ["julkinen"]


def test_demo_events_lie_inside_their_areas_and_reload_unchanged():
    summary = demo_events_load()
    assert summary.created > 0
    for event in AreaEvent.objects.filter(source_id__startswith="forum:"):
        code = event.source_id.rsplit(":", 1)[1]
        assert Area.objects.get(division__slug="peruspiiri", code=code).geometry.contains(event.location)
    assert AreaEvent.objects.filter(is_online=True, area__isnull=False).exists()
    assert AreaEvent.objects.filter(space__isnull=True, location__isnull=True, is_online=False).count() == 0
    again = demo_events_load()
    assert (again.created, again.updated, again.unchanged) == (0, 0, summary.created)


def test_the_near_me_page_has_the_events_panel_in_its_language(client):
    import re

    html = client.get("/sv/lahella/").content.decode()
    assert 'id="near-me-events"' in html and "/static/events/near_me_events.js" in html
    config = json.loads(re.search(r'id="near-me-events-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert (config["apiUrl"], config["language"], config["days"]) == ("/api/v1/events/", "sv", selectors.UPCOMING_DAYS)
    assert config["messages"]["none"] == "Inga evenemang är kända inom 2\xa0km de närmaste 30 dagarna."
