"""Volunteering: who verifies and publishes, contacts only with consent, the API's filters, the demo."""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from areas.geometry import MSG_GEOMETRY_OUTSIDE, to_projection
from areas.models import Area
from geo_osallisuus import roles
from volunteering.demo import demo_volunteering_load
from volunteering.models import Opportunity, Organiser
from volunteering.services import organiser_verify, opportunity_save
from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS, place

pytestmark = pytest.mark.usefixtures("demo_areas")

KALLIO = Point(24.9513, 60.1840, srid=4326)
SECRET_EMAIL = "salainen.yhdistys@example.org"
SECRET_PHONE = "+358 40 999 1234"


def user(username, group=None) -> User:
    person = User.objects.create_user(username=username)
    if group:
        person.groups.add(Group.objects.get(name=group))
    return person


@pytest.fixture
def people(db):
    return {
        "representative": user("edustaja"),
        "resident": user("asukas"),
        "luotsi": user("luotsi", roles.LUOTSI_GROUP),
        "planner": user("suunnittelija", roles.PLANNER_GROUP),
    }


@pytest.fixture
def organiser(people):
    return Organiser.objects.create(
        name="Esimerkkiseura ry", user=people["representative"], email=SECRET_EMAIL, phone=SECRET_PHONE
    )


def opportunity(organiser, **values) -> Opportunity:
    defaults = {"title_fi": "Puistotalkoot", "location": to_projection(KALLIO), "status": Opportunity.Status.PUBLISHED}
    return Opportunity(organiser=organiser, **{**defaults, **values})


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f["properties"]["title"] for f in response.json()["features"]]


def test_an_unverified_organiser_cannot_publish(organiser, people):
    with pytest.raises(ValidationError) as caught:
        opportunity_save(opportunity=opportunity(organiser), by=people["representative"])
    assert caught.value.message_dict["status"] == [
        "The organiser Esimerkkiseura ry is not verified yet: its opportunities cannot be published."
    ]
    assert not Opportunity.objects.exists()
    # A draft may wait for the verification.
    opportunity_save(opportunity=opportunity(organiser, status=Opportunity.Status.DRAFT), by=people["representative"])
    assert Opportunity.objects.count() == 1


@pytest.mark.parametrize(("verifier", "allowed"), [("resident", False), ("representative", False), ("luotsi", True), ("planner", True)])
def test_only_a_planner_or_a_luotsi_verifies(organiser, people, verifier, allowed):
    if not allowed:
        with pytest.raises(PermissionDenied, match="Only a planner or a luotsi verifies organisers."):
            organiser_verify(organiser=organiser, by=people[verifier])
        assert Organiser.objects.get().verified_at is None
        return
    organiser_verify(organiser=organiser, by=people[verifier])
    stored = Organiser.objects.get()
    assert stored.verified_by == people[verifier] and stored.verified_at is not None


def test_once_verified_the_representative_publishes_and_others_may_not(organiser, people, api_client):
    organiser_verify(organiser=organiser, by=people["luotsi"])
    with pytest.raises(PermissionDenied):
        opportunity_save(opportunity=opportunity(organiser), by=people["resident"])
    opportunity_save(opportunity=opportunity(organiser), by=people["representative"])
    assert titles(api_client.get("/api/v1/volunteering/")) == ["Puistotalkoot"]


def test_the_api_hides_what_unverified_organisers_saved(organiser, people, api_client):
    Opportunity.objects.create(organiser=organiser, title_fi="Ohi säännön", status=Opportunity.Status.PUBLISHED)
    assert titles(api_client.get("/api/v1/volunteering/")) == []


@pytest.mark.parametrize("consent", (False, True))
def test_contacts_are_published_only_with_consent(organiser, people, api_client, client, consent):
    organiser.publish_contact = consent
    organiser.save()
    organiser_verify(organiser=organiser, by=people["planner"])
    opportunity_save(opportunity=opportunity(organiser), by=people["representative"])
    area = Area.objects.get(division__slug="peruspiiri", geometry__contains=to_projection(KALLIO))
    answers = [
        api_client.get("/api/v1/volunteering/").content.decode(),
        client.get(f"/alue/peruspiiri/{area.code}/").content.decode(),
        client.get(f"/en/alue/peruspiiri/{area.code}/").content.decode(),
    ]
    assert "Puistotalkoot" in answers[1]
    for text in answers:
        assert (SECRET_EMAIL in text) is consent and (SECRET_PHONE in text) is consent


def test_filters_by_age_at_the_limits_language_and_time(organiser, people, api_client):
    organiser_verify(organiser=organiser, by=people["planner"])
    for title, values in {
        "nuorille 13-17": {"min_age": 13, "max_age": 17, "languages": ["fi"], "time_kind": "recurring"},
        "aikuisille": {"min_age": 18, "languages": ["fi", "sv"], "time_kind": "ongoing"},
        "kaikille": {"languages": ["en"], "time_kind": "once"},
    }.items():
        opportunity_save(opportunity=opportunity(organiser, title_fi=title, **values), by=people["planner"])

    def found(**query):
        return sorted(titles(api_client.get("/api/v1/volunteering/", query)))

    assert found(age=12) == ["kaikille"]
    assert found(age=13) == ["kaikille", "nuorille 13-17"]
    assert found(age=17) == ["kaikille", "nuorille 13-17"]
    assert found(age=18) == ["aikuisille", "kaikille"]
    assert found(language="sv") == ["aikuisille"]
    assert found(time_kind="once") == ["kaikille"]
    assert found(near="60.1840,24.9513", radius=100, age=15) == ["kaikille", "nuorille 13-17"]
    assert api_client.get("/api/v1/volunteering/", {"age": -1}).status_code == 400
    assert api_client.get("/api/v1/volunteering/", {"language": "de"}).status_code == 400


def test_ages_out_of_order_are_refused(organiser, people):
    organiser_verify(organiser=organiser, by=people["planner"])
    with pytest.raises(ValidationError):
        opportunity_save(opportunity=opportunity(organiser, min_age=18, max_age=17), by=people["planner"])


def test_demo_volunteering_lies_inside_the_demo_areas_and_reloads_unchanged():
    first = demo_volunteering_load()
    assert first.created > 0
    for item in Opportunity.objects.all():
        assert Area.objects.filter(division__slug="osa-alue", geometry__contains=item.location).exists()
    again = demo_volunteering_load()
    assert (again.created, again.unchanged) == (0, first.created)


@pytest.mark.parametrize(("lonlat", "inside"), [(NEIGHBOURS["Tikkurila, Vantaa"], False), (BORDER_HELSINKI["Östersundom"], True)])
def test_the_place_must_be_in_helsinki(organiser, people, lonlat, inside):
    organiser_verify(organiser=organiser, by=people["planner"])
    item = opportunity(organiser, location=to_projection(place(lonlat)))
    if inside:
        assert opportunity_save(opportunity=item, by=people["representative"]).pk is not None
        return
    with pytest.raises(ValidationError) as caught:
        opportunity_save(opportunity=item, by=people["representative"])
    assert caught.value.message_dict == {"location": [str(MSG_GEOMETRY_OUTSIDE)]}
    assert not Opportunity.objects.exists()


def test_the_admin_form_refuses_a_place_outside_helsinki():
    from django.forms import modelform_factory

    from volunteering.admin import OpportunityForm

    form_class = modelform_factory(Opportunity, form=OpportunityForm, fields=["location"])
    outside = form_class({"location": to_projection(place(NEIGHBOURS["Kauniainen"])).ewkt})
    assert outside.errors == {"location": [str(MSG_GEOMETRY_OUTSIDE)]}
    assert form_class({"location": to_projection(place(BORDER_HELSINKI["Suomenlinna"])).ewkt}).is_valid()
