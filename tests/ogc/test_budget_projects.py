"""Budget projects are a collection of the planners' API, with no personal data."""

import json

import pytest
from django.core.management import call_command

from budgeting.models import Project

from .test_features import get


@pytest.fixture
def demo_round(demo_areas):
    call_command("load_demo_budgeting", verbosity=0)


def test_every_project_with_its_cost_and_area(client, demo_round):
    projects = {p.pk: p for p in Project.objects.select_related("area")}
    assert projects
    response, body = get(client, "/ogc/collections/budget-projects/items", limit=1000)
    assert body["numberMatched"] == len(projects) == len(body["features"])
    for feature in body["features"]:
        project = projects[feature["id"]]
        assert feature["properties"]["cost_eur"] == project.cost
        assert feature["properties"]["budget_area_code"] == (project.area.code if project.area else None)
        if project.location is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            point = project.location.transform(4326, clone=True)
            assert abs(lon - point.x) < 1e-6 and abs(lat - point.y) < 1e-6


def test_filter_by_implementation_status_and_no_author_anywhere(client, demo_round):
    status = Project.objects.values_list("implementation_status", flat=True).first()
    response, body = get(client, "/ogc/collections/budget-projects/items", limit=1000, implementation_status=status)
    assert body["numberMatched"] == Project.objects.filter(implementation_status=status).count()
    text = json.dumps(body)
    assert "author" not in text and "voter" not in text
