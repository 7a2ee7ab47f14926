"""The admin's queue of unlocated cases: title beside the map, one click (lon/lat) or an address places it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.test import Client

from areas.models import Address
from cases.models import Case, CaseLocation
from geo_osallisuus import roles
from tests.cases import factories

pytestmark = pytest.mark.django_db

QUEUE = "/admin/cases/case/unlocated/"
# Kaisaniemi park.
LON, LAT = 24.9460, 60.1745


@pytest.fixture
def planner_client(db) -> Client:
    user = get_user_model().objects.create_user("suunnittelija", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.PLANNER_GROUP))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_queue_shows_the_unlocated_cases_and_the_first_ones_title_beside_the_map(planner_client):
    located = factories.case(title="Placed already", geometry=factories.at(0, 0))
    first = factories.case(title="Kaisaniemen puiston penkit")
    page = planner_client.get(QUEUE).content.decode()
    assert "Kaisaniemen puiston penkit" in page and located.title not in page
    assert 'id="queue-map"' in page and 'id="queue-case-title"' in page
    assert f'name="case" value="{first.pk}"' in page
    assert "/static/cases/unlocated_queue.js" in page
    assert QUEUE in planner_client.get("/admin/cases/case/").content.decode()


def test_a_click_places_the_case_as_a_drawn_exact_location(planner_client):
    case = factories.case(title="Kaisaniemen puiston penkit")
    response = planner_client.post(QUEUE, {"case": case.pk, "lon": LON, "lat": LAT})
    assert response.status_code == 302 and response["Location"] == QUEUE
    case.refresh_from_db()
    location = case.locations.get()
    assert (location.source, location.precision) == (CaseLocation.Source.DRAWN, CaseLocation.Precision.EXACT)
    assert location.geometry.transform(4326, clone=True).distance(Point(LON, LAT, srid=4326)) < 1e-6
    assert not Case.objects.located(False).filter(pk=case.pk).exists()


def test_an_address_of_the_register_places_the_case_there(planner_client):
    address = Address.objects.create(street_fi="Testikatu", number="5", postal_code="00100", point=factories.at(50, 50))
    case = factories.case(title="Testikadun kaava")
    planner_client.post(QUEUE, {"case": case.pk, "address": "testikatu 5"})
    case.refresh_from_db()
    assert case.locations.get().geometry.distance(address.point) < 0.01


def test_an_unknown_address_is_an_error_beside_the_field_and_keeps_the_text(planner_client):
    case = factories.case(title="Tuntematon paikka")
    response = planner_client.post(QUEUE, {"case": case.pk, "address": "Olematon katu 999"})
    page = response.content.decode()
    assert response.status_code == 200 and "The address register has no &#x27;Olematon katu 999&#x27;" in page
    assert 'value="Olematon katu 999"' in page and "hds-text-input--invalid" in page
    assert not case.locations.exists()


def test_nothing_given_asks_for_a_click_or_an_address(planner_client):
    case = factories.case(title="Tuntematon paikka")
    response = planner_client.post(QUEUE, {"case": case.pk})
    assert "Click the map, or give an address." in response.content.decode()
    assert not case.locations.exists()


def test_a_point_outside_helsinki_is_refused_with_the_reason(planner_client):
    case = factories.case(title="Tampereen asia")
    response = planner_client.post(QUEUE, {"case": case.pk, "lon": 23.76, "lat": 61.50})
    assert response.status_code == 200 and "hds-notification--error" in response.content.decode()
    assert not case.locations.exists()


def test_a_case_placed_meanwhile_is_not_placed_twice(planner_client):
    case = factories.case(title="Placed meanwhile", geometry=factories.at(0, 0))
    response = planner_client.post(QUEUE, {"case": case.pk, "lon": LON, "lat": LAT}, follow=True)
    assert "This case has been placed already." in response.content.decode()
    assert case.locations.count() == 1


def test_an_empty_queue_says_so(planner_client):
    assert "Every case has a location." in planner_client.get(QUEUE).content.decode()


@pytest.mark.parametrize("role", ("resident", "luotsi"))
def test_only_staff_with_the_right_may_open_it(db, role):
    user = get_user_model().objects.create_user(role)
    if role == "luotsi":
        user.groups.add(Group.objects.get(name=roles.LUOTSI_GROUP))
    client = Client()
    client.force_login(user)
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
