"""Demo cases, and the issue's done-when check on them."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.management import call_command

from areas.models import Address
from cases.models import Case

pytestmark = pytest.mark.usefixtures("demo_areas")


@pytest.fixture
def demo_cases(demo_areas):
    call_command("load_demo_cases", verbosity=0)


def test_a_few_hundred_demo_cases_some_placed_some_not(demo_cases):
    cases = Case.objects.all()
    assert cases.count() >= 300 and not cases.filter(is_demo=False).exists()
    located, unlocated = cases.located(True).count(), cases.located(False).count()
    assert located > 200 and unlocated > 20
    assert Address.objects.filter(is_demo=True).count() > 1000
    assert cases.filter(language="sv").exclude(title_sv="").exists()


def test_demo_reload_changes_nothing(demo_cases):
    before = sorted(Case.objects.values_list("case_id", "modified_at"))
    call_command("load_demo_cases", verbosity=0)
    assert sorted(Case.objects.values_list("case_id", "modified_at")) == before


def test_cases_within_a_kilometre_of_the_railway_station(demo_cases, api_client):
    """Done when: only cases within 1 km of the station, nearest first, as valid GeoJSON."""
    response = api_client.get("/api/v1/cases/", {"near": "60.1699,24.9384", "radius": "1000", "page_size": "1000"})
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["count"] == len(body["features"]) > 10
    station = Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True)
    distances = []
    for feature in body["features"]:
        assert feature["type"] == "Feature" and set(feature) == {"id", "type", "geometry", "properties"}
        geometry = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        assert geometry.valid
        measured = geometry.transform(3067, clone=True).distance(station)
        assert measured <= 1000.5
        assert feature["properties"]["distance_m"] == pytest.approx(measured, abs=0.5)
        distances.append(feature["properties"]["distance_m"])
    assert distances == sorted(distances)
    # And every located case left out is farther than 1 km.
    inside = {f["id"] for f in body["features"]}
    for case in Case.objects.located(True).exclude(pk__in=inside):
        assert case.geometry.distance(station) > 1000
