"""The organiser's representative publishes an opportunity with a plain HTML form."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from areas.models import Area
from geo_osallisuus import roles
from volunteering.models import Opportunity, Organiser
from volunteering.services import organiser_verify

pytestmark = pytest.mark.usefixtures("demo_areas")

PAGE = "/en/vapaaehtoistyo/uusi/"


@pytest.fixture
def representative(db):
    return User.objects.create_user(username="edustaja")


@pytest.fixture
def organiser(representative):
    return Organiser.objects.create(name="Esimerkkiseura ry", user=representative)


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def form(organiser, **values) -> dict:
    area = Area.objects.get(division__slug="peruspiiri", code="101")
    return {
        "organiser": organiser.pk, "title_fi": "Puistotalkoot", "kind": "environment", "time_kind": "ongoing",
        "area": area.pk, "languages": ["fi", "sv"], "min_age": "13", **values,
    }  # fmt: skip


def test_the_representative_of_a_verified_organiser_publishes(organiser, representative):
    planner = User.objects.create_user(username="suunnittelija")
    planner.groups.add(Group.objects.get(name=roles.PLANNER_GROUP))
    organiser_verify(organiser=organiser, by=planner)
    response = signed_in(representative).post(PAGE, form(organiser))
    assert response.status_code == 302 and response["Location"] == "/en/alue/peruspiiri/101/#volunteering"
    stored = Opportunity.objects.get()
    assert (stored.title_fi, stored.languages, stored.min_age, stored.status) == ("Puistotalkoot", ["fi", "sv"], 13, "published")
    assert "Puistotalkoot" in Client().get("/alue/peruspiiri/101/").content.decode()


def test_an_unverified_organiser_is_refused_and_nothing_typed_is_lost(organiser, representative):
    response = signed_in(representative).post(PAGE, form(organiser, title_sv="Parktalko"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The organiser Esimerkkiseura ry is not verified yet: its opportunities cannot be published." in page
    assert 'value="Parktalko"' in page
    assert not Opportunity.objects.exists()


def test_ages_out_of_order_are_refused_beside_the_field(organiser, representative):
    response = signed_in(representative).post(PAGE, form(organiser, min_age="18", max_age="17"))
    assert response.status_code == 400
    assert "The maximum age must not be below the minimum age." in response.content.decode()


def test_only_representatives_reach_the_page(organiser):
    other = User.objects.create_user(username="asukas")
    assert signed_in(other).get(PAGE).status_code == 404
    assert signed_in(other).post(PAGE, form(organiser)).status_code == 404
    assert Client().get(PAGE).status_code == 302
    assert not Opportunity.objects.exists()


def test_another_organisers_id_is_not_a_choice(organiser, representative):
    foreign = Organiser.objects.create(name="Toinen seura ry", verified_at="2026-01-01T00:00:00Z")
    response = signed_in(representative).post(PAGE, form(foreign))
    assert response.status_code == 400 and not Opportunity.objects.exists()


def test_a_choice_left_empty_names_its_error_beside_the_field(organiser, representative):
    response = signed_in(representative).post(PAGE, form(organiser, kind=""))
    assert response.status_code == 400
    page = response.content.decode()
    # The select points at its error (luotsit/_select_field.html), as the text fields do.
    assert 'id="id_kind" name="kind" aria-describedby="id_kind-help id_kind-error"' in page
    assert '<span class="hds-text-input__error-text" id="id_kind-error">This field is required.</span>' in page
    # Nothing typed is lost.
    assert 'value="Puistotalkoot"' in page
    assert 'id="id_time_kind" name="time_kind" aria-describedby="id_time_kind-help">' in page
