"""Claims to user, roles and voter profile: accounts.services.user_sign_in_from_claims."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.models import OidcIdentity
from accounts.services import MSG_NO_SUBJECT, user_sign_in_from_claims
from budgeting.models import Voter
from geo_osallisuus import roles
from luotsit.models import Luotsi

pytestmark = pytest.mark.django_db
ISSUER = "https://idp.example/realms/helsinki"


def sign_in(**claims):
    user = user_sign_in_from_claims(claims={"sub": "s-1", **claims}, issuer=ISSUER)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached role groups


def test_the_first_sign_in_makes_the_user_and_a_later_one_updates_it():
    first = sign_in(given_name="Aino", family_name="Asukas", email="aino@example.org")
    second = sign_in(given_name="Aino", family_name="Uusinimi", email="aino.uusi@example.org")
    assert first.pk == second.pk and get_user_model().objects.count() == 1
    assert (second.last_name, second.email) == ("Uusinimi", "aino.uusi@example.org")
    assert OidcIdentity.objects.get(user=second).subject == "s-1"


def test_the_same_subject_at_another_issuer_is_another_person():
    one = sign_in()
    other = user_sign_in_from_claims(claims={"sub": "s-1"}, issuer="https://other.example")
    assert one.pk != other.pk


def test_no_subject_is_refused():
    with pytest.raises(ValidationError) as error:
        user_sign_in_from_claims(claims={"email": "x@example.org"}, issuer=ISSUER)
    assert error.value.messages == [str(MSG_NO_SUBJECT)]


@pytest.mark.parametrize(
    ("groups", "role"),
    [([], roles.RESIDENT), (["luotsi"], roles.LUOTSI), (["planner"], roles.PLANNER), (["admin"], roles.ADMIN),
     (["planner", "other"], roles.PLANNER), (["Planner"], roles.RESIDENT), ("planner", roles.PLANNER)],
)  # fmt: skip
def test_the_role_claim_maps_to_the_roles(groups, role):
    assert roles.user_role(sign_in(groups=groups)) == role


def test_a_planner_is_staff_to_enter_the_admin_but_no_admin():
    planner = sign_in(groups=["planner"])
    assert planner.is_staff and not planner.is_superuser
    assert not roles.user_is_admin(planner) and roles.user_is_planner(planner)
    assert list(planner.groups.values_list("name", flat=True)) == [roles.PLANNER_GROUP]


def test_an_admin_who_is_also_a_planner_is_an_admin_outside_the_planner_group():
    user = sign_in(groups=["admin", "planner"])
    assert user.is_staff and roles.user_is_admin(user) and not user.groups.exists()


def test_an_admin_may_use_the_whole_admin_site_until_the_claim_is_gone(client):
    admin = sign_in(groups=["admin"])
    assert admin.is_superuser and admin.has_perm("auth.change_user")
    client.force_login(admin)
    assert 'href="/admin/auth/user/"' in client.get("/admin/").content.decode()
    demoted = sign_in(groups=[])
    assert not demoted.is_superuser and not demoted.is_staff and not demoted.has_perm("auth.change_user")


def test_a_role_taken_away_at_the_identity_service_is_taken_away_here():
    assert roles.user_role(sign_in(groups=["admin", "planner"])) == roles.ADMIN
    user = sign_in(groups=[])
    assert roles.user_role(user) == roles.RESIDENT and not user.is_staff and not user.is_superuser
    assert roles.user_role(sign_in(groups=["planner"])) == roles.PLANNER
    user = sign_in(groups=[])
    assert roles.user_role(user) == roles.RESIDENT and not user.is_staff and not user.groups.exists()


def test_a_nested_role_claim_and_other_role_values(settings):
    settings.OIDC_ROLES_CLAIM = "realm_access.roles"
    settings.OIDC_PLANNER_ROLES = ["kaavoittaja"]
    assert roles.user_role(sign_in(realm_access={"roles": ["kaavoittaja"]})) == roles.PLANNER
    assert roles.user_role(sign_in(groups=["kaavoittaja"])) == roles.RESIDENT


def test_a_luotsi_is_linked_to_the_luotsi_profile_with_the_same_address_and_keeps_the_role_while_linked():
    luotsi = Luotsi.objects.create(name="Olli Luotsi", email="olli.luotsi@example.org")
    user = sign_in(groups=["luotsi"], email="Olli.Luotsi@example.org")
    luotsi.refresh_from_db()
    assert luotsi.user_id == user.pk and roles.user_role(user) == roles.LUOTSI
    # The profile stays linked: the role stays even when a later claim leaves it out.
    assert roles.user_role(sign_in(groups=[], email="olli.luotsi@example.org")) == roles.LUOTSI


def test_a_luotsi_claim_without_a_matching_profile_links_nothing():
    Luotsi.objects.create(name="Other", email="other@example.org")
    user = sign_in(groups=["luotsi"], email="someone@example.org")
    assert roles.user_role(user) == roles.LUOTSI and not Luotsi.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("municipality", "resident"),
    [("091", True), ("Helsinki", True), ("HELSINGFORS", True), (" helsinki ", True), ("049", False), ("Espoo", False), (None, False)],
)  # fmt: skip
def test_strong_identification_writes_the_voter_profile(municipality, resident):
    claims = {"birthdate": "2012-10-01"} | ({"home_municipality": municipality} if municipality is not None else {})
    voter = Voter.objects.get(user=sign_in(**claims))
    assert (voter.birth_date, voter.is_resident) == (date(2012, 10, 1), resident)


def test_a_resident_who_moves_away_loses_eligibility_and_keeps_the_profile():
    user = sign_in(birthdate="1990-05-10", home_municipality="091")
    voter = Voter.objects.get(user=user)
    sign_in(birthdate="1990-05-10", home_municipality="049")
    voter.refresh_from_db()
    assert voter.is_resident is False and Voter.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("birthdate", [None, "", "1990-02-30", "10.5.1990"])
def test_a_sign_in_without_a_valid_birth_date_leaves_the_voter_profile_as_it_was(birthdate):
    user = sign_in(birthdate="1990-05-10", home_municipality="091")
    sign_in(birthdate=birthdate, home_municipality="049")
    voter = Voter.objects.get(user=user)
    assert (voter.birth_date, voter.is_resident) == (date(1990, 5, 10), True)


def test_without_strong_identification_no_voter_profile_is_made():
    assert not Voter.objects.filter(user=sign_in(home_municipality="091")).exists()


def test_another_birth_date_claim_name(settings):
    settings.OIDC_BIRTHDATE_CLAIM = "suomi_fi.birth_date"
    user = sign_in(suomi_fi={"birth_date": "2000-01-31"}, home_municipality="091")
    assert Voter.objects.get(user=user).birth_date == date(2000, 1, 31)


def test_a_street_address_places_the_home_through_the_address_register():
    from django.contrib.gis.geos import Point

    from areas.models import Address

    point = Point(385722, 6672094, srid=3067)
    Address.objects.create(street_fi="Testikatu", street_sv="Testgatan", number="5", postal_code="00100", point=point)
    user = sign_in(birthdate="1990-05-10", home_municipality="091", address={"street_address": "testgatan 5"})
    assert Voter.objects.get(user=user).home_point.equals_exact(point, 0.01)
    # Without an address the point stays; an address the register lacks, or one away from the city, unsets it.
    sign_in(birthdate="1990-05-10", home_municipality="091")
    assert Voter.objects.get(user=user).home_point is not None
    sign_in(birthdate="1990-05-10", home_municipality="091", address={"street_address": "Muualla 1"})
    assert Voter.objects.get(user=user).home_point is None
    sign_in(birthdate="1990-05-10", home_municipality="091", address={"street_address": "Testikatu 5"})
    sign_in(birthdate="1990-05-10", home_municipality="049", address={"street_address": "Testikatu 5"})
    assert Voter.objects.get(user=user).home_point is None
