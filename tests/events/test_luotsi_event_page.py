"""A luotsi publishes an event of their own for an area they serve (a plain HTML form)."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from areas.models import Area
from events.models import AreaEvent
from geo_osallisuus import roles
from luotsit import services as luotsi_services
from luotsit.models import Role

pytestmark = pytest.mark.usefixtures("demo_areas")

PAGE = "/en/luotsit/me/tapahtumat/uusi/"


def area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


@pytest.fixture
def luotsi_user(db):
    user = User.objects.create_user(username="oma-luotsi")
    user.groups.add(Group.objects.get(name=roles.LUOTSI_GROUP))
    luotsi_services.luotsi_create(
        role=Role.STADILUOTSI, name="Olli Omaprofiili", user=user, areas=[area("peruspiiri", "101")]
    )
    return user


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def form(area_pk, **values) -> dict:
    return {"name_fi": "Asukasilta", "start_time": "2030-05-04 18:00", "end_time": "2030-05-04 20:00", "area": area_pk, **values}


def test_a_luotsi_publishes_an_event_for_their_area(luotsi_user):
    vironniemi = area("peruspiiri", "101")
    response = signed_in(luotsi_user).post(PAGE, form(vironniemi.pk))
    assert response.status_code == 302
    assert response["Location"] == "/en/luotsit/me/"
    event = AreaEvent.objects.get()
    assert (event.area, event.published_by, event.organiser_name, event.source) == (
        vironniemi,
        luotsi_user,
        "Olli Omaprofiili",
        "luotsi",
    )
    assert event.status == AreaEvent.Status.SCHEDULED


def test_an_area_they_do_not_serve_is_refused_and_nothing_typed_is_lost(luotsi_user):
    elsewhere = area("peruspiiri", "102") if Area.objects.filter(division__slug="peruspiiri", code="102").exists() else area("suurpiiri", "7")
    response = signed_in(luotsi_user).post(PAGE, form(elsewhere.pk, name_sv="Invånarkväll"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page and 'value="Invånarkväll"' in page
    assert not AreaEvent.objects.exists()


def test_an_end_before_the_start_is_refused_beside_the_field(luotsi_user):
    response = signed_in(luotsi_user).post(PAGE, form(area("peruspiiri", "101").pk, end_time="2030-05-04 17:59"))
    assert response.status_code == 400
    assert "The event must end after it starts." in response.content.decode()
    assert not AreaEvent.objects.exists()


def test_the_page_is_in_finnish_by_default_and_only_for_luotsit(luotsi_user):
    finnish = signed_in(luotsi_user).get("/luotsit/me/tapahtumat/uusi/")
    assert finnish.status_code == 200 and "Julkaise tapahtuma" in finnish.content.decode()
    resident = User.objects.create_user(username="asukas")
    assert signed_in(resident).post(PAGE, form(area("peruspiiri", "101").pk)).status_code == 404
    assert Client().get(PAGE).status_code == 302
    assert not AreaEvent.objects.exists()
