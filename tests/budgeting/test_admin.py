"""Planners move projects and proposals on the admin map; the services keep the place consistent."""

import json
import re

from budgeting.models import Project

from .conftest import CENTRAL_STATION, ITAKESKUS, suurpiiri
from .test_located import index_of

CHANGE = "/admin/budgeting/project/{pk}/change/"


def change_form(project, **overrides):
    """The project's change form as the admin page posts it (the map widget sends GeoJSON)."""
    data = {
        "round": project.round_id,
        "title": project.title,
        "description": project.description,
        "cost": project.cost,
        "area": project.area_id or "",
        "location": "",
        "implementation_status": project.implementation_status,
    }
    if project.all_helsinki:
        data["all_helsinki"] = "on"
    data.update(overrides)
    return data


def geojson_point(lonlat):
    return json.dumps({"type": "Point", "coordinates": list(lonlat)})


def test_a_point_drawn_on_the_map_sets_the_budget_area_and_the_index(admin_client, make_project):
    project = make_project(area_code="1", on_ballot=False)
    form = change_form(project, area="", location=geojson_point(ITAKESKUS))

    response = admin_client.post(CHANGE.format(pk=project.pk), form)

    assert response.status_code == 302, re.findall(r"errorlist.*", response.content.decode())
    project.refresh_from_db()
    assert project.area == suurpiiri("7")
    assert project.geometry.equals_exact(project.location, 0.001)
    assert ("suurpiiri", "7", True) in index_of(project)
    assert not any(code == "1" for slug, code, _ in index_of(project) if slug == "suurpiiri")


def test_a_point_outside_the_chosen_area_is_refused_and_nothing_changes(admin_client, make_project):
    project = make_project(area_code="1", on_ballot=False)
    form = change_form(project, location=geojson_point(ITAKESKUS))

    response = admin_client.post(CHANGE.format(pk=project.pk), form)

    assert response.status_code == 200
    assert "not in the chosen area" in response.content.decode()
    project.refresh_from_db()
    assert project.area == suurpiiri("1") and project.location is None


def test_a_project_on_the_ballot_stays_in_its_budget_area(admin_client, make_project):
    project = make_project(area_code="1", on_ballot=True)

    moved = admin_client.post(CHANGE.format(pk=project.pk), change_form(project, area=suurpiiri("7").pk))
    within = admin_client.post(
        CHANGE.format(pk=project.pk), change_form(project, location=geojson_point(CENTRAL_STATION))
    )

    assert moved.status_code == 200
    assert "cannot move to another budget area" in moved.content.decode()
    assert within.status_code == 302
    project = Project.objects.get(pk=project.pk)
    assert project.area == suurpiiri("1") and project.location is not None
