"""A space moved in the admin is re-indexed: its geometry and its area rows follow the edit."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from areas.models import AreaMembership
from areas.selectors import area_lookup
from spaces.models import Space
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")

EAST = factories.at(14000, 5000)  # Vuosaari direction, in other areas of every division


def indexed(space) -> set[tuple[str, str]]:
    rows = AreaMembership.objects.filter(content_type__model="space", object_id=space.pk)
    return set(rows.values_list("division__slug", "area__code"))


def codes_at(point) -> set[tuple[str, str]]:
    return {(a.division.slug, a.code) for a in area_lookup(point=point).areas}


def change_form_data(user, space) -> dict:
    """What the admin's change form posts unchanged, as the page fills it in."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[Space]
    form = model_admin.get_form(request, space)(instance=space)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or value is False:
            continue
        data[name] = value.ewkt if hasattr(value, "ewkt") else value
    return data


def test_moving_a_space_in_the_admin_moves_its_index(client):
    user = get_user_model().objects.create_superuser("planner", "planner@example.fi", "x" * 20)
    client.force_login(user)
    space = factories.space("Kirjasto", factories.STATION_3067)
    assert indexed(space) == codes_at(factories.STATION_3067)
    assert codes_at(EAST).isdisjoint(codes_at(factories.STATION_3067))

    data = change_form_data(user, space) | {"point": EAST.ewkt}
    response = client.post(f"/admin/spaces/space/{space.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    space.refresh_from_db()
    assert space.point.distance(EAST) < 0.01
    assert space.geometry.distance(EAST) < 0.01
    assert indexed(space) == codes_at(EAST)
    assert {slug for slug, _code in indexed(space)} == {"suurpiiri", "peruspiiri", "osa-alue"}
