"""Role rules: who may write what, for every write and every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from geo_osallisuus import roles
from geo_osallisuus.permissions import MSG_ADMINS_ONLY, MSG_PLANNERS_ONLY
from luotsit.api.permissions import MSG_OWN_PROFILE_ONLY
from luotsit.api.views import MSG_INACTIVE_PLANNERS_ONLY, MSG_OWNER_FIELDS
from luotsit.models import Luotsi

from .conftest import OWN_PHONE, area

ROLES = ["anonymous", "resident", "other_luotsi", "luotsi", "planner", "admin"]


class TestRolesModule:
    def test_role_groups_exist_after_migrations(self, db):
        assert set(Group.objects.filter(name__in=roles.ROLE_GROUPS).values_list("name", flat=True)) == {
            "planner",
            "luotsi",
        }

    def test_roles(self, users):
        assert roles.user_role(AnonymousUser()) == roles.ANONYMOUS
        assert roles.user_role(users["resident"]) == roles.RESIDENT
        assert roles.user_role(users["luotsi"]) == roles.LUOTSI
        assert roles.user_role(users["planner"]) == roles.PLANNER
        assert roles.user_role(users["admin"]) == roles.ADMIN
        superuser = User.objects.create_superuser("juuri", password="x")
        assert roles.user_is_admin(superuser) and roles.user_is_planner(superuser)
        assert roles.user_is_planner(users["admin"]) and not roles.user_is_planner(users["luotsi"])
        assert not roles.user_is_luotsi(users["planner"]) and roles.user_is_luotsi(users["luotsi"])
        assert not roles.user_is_planner(AnonymousUser())

    def test_inactive_accounts_have_no_role(self, users):
        users["planner"].is_active = False
        assert roles.user_role(users["planner"]) == roles.ANONYMOUS and not roles.user_is_planner(users["planner"])

    def test_linking_an_account_gives_the_luotsi_role(self, demo_areas, client_as, users):
        response = client_as("planner").post(
            "/api/v1/luotsit/", {"name": "Uusi Luotsi", "user": "asukas"}, format="json"
        )
        assert response.status_code == 201
        assert roles.user_is_luotsi(User.objects.get(username="asukas"))


def _expect(response, allowed: bool, ok_status: int, message) -> None:
    if allowed:
        assert response.status_code == ok_status, response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["detail"] == str(message)


@pytest.mark.usefixtures("demo_luotsit")
class TestWrites:
    @pytest.mark.parametrize("role", ROLES)
    def test_create(self, client_as, role):
        response = client_as(role).post(
            "/api/v1/luotsit/",
            {"name": "Uusi Luotsi", "role": "yritysluotsi", "area_ids": [area("suurpiiri", "1").pk]},
            format="json",
        )
        allowed = role in ("planner", "admin")
        sign_in = "Authentication credentials were not provided."
        _expect(response, allowed, 201, sign_in if role == "anonymous" else MSG_PLANNERS_ONLY)
        assert Luotsi.objects.filter(name="Uusi Luotsi").exists() is allowed

    @pytest.mark.parametrize("role", ROLES)
    def test_edit_own_profile_fields(self, client_as, role, own_luotsi):
        response = client_as(role).patch(
            f"/api/v1/luotsit/{own_luotsi.pk}/", {"title_sv": "Stadslots", "publish_phone": True}, format="json"
        )
        allowed = role in ("luotsi", "planner", "admin")
        message = "Authentication credentials were not provided." if role == "anonymous" else MSG_OWN_PROFILE_ONLY
        _expect(response, allowed, 200, message)
        own_luotsi.refresh_from_db()
        assert own_luotsi.publish_phone is allowed
        if allowed:
            assert response.json()["phone"] == OWN_PHONE

    @pytest.mark.parametrize("role", ROLES)
    def test_change_areas(self, client_as, role, own_luotsi):
        target = area("suurpiiri", "7")
        response = client_as(role).patch(
            f"/api/v1/luotsit/{own_luotsi.pk}/", {"area_ids": [target.pk]}, format="json"
        )
        allowed = role in ("planner", "admin")
        message = {
            "anonymous": "Authentication credentials were not provided.",
            "luotsi": MSG_OWNER_FIELDS,
        }.get(role, MSG_OWN_PROFILE_ONLY)
        _expect(response, allowed, 200, message)
        assert list(own_luotsi.areas.all()) == ([target] if allowed else [area("peruspiiri", "101")])

    @pytest.mark.parametrize("field, value", [("role", "yritysluotsi"), ("is_active", False), ("active_to", "2030-01-01"), ("user", "asukas")])
    def test_a_luotsi_cannot_change_management_fields(self, client_as, own_luotsi, field, value):
        response = client_as("luotsi").patch(f"/api/v1/luotsit/{own_luotsi.pk}/", {field: value}, format="json")
        assert response.status_code == 403 and response.json()["detail"] == str(MSG_OWNER_FIELDS)
        response = client_as("luotsi").patch("/api/v1/luotsit/me/", {field: value}, format="json")
        assert response.status_code == 403 and response.json()["detail"] == str(MSG_OWNER_FIELDS)

    @pytest.mark.parametrize("role", ROLES)
    def test_deactivate(self, client_as, role, own_luotsi):
        response = client_as(role).post(f"/api/v1/luotsit/{own_luotsi.pk}/deactivate/")
        allowed = role in ("planner", "admin")
        message = "Authentication credentials were not provided." if role == "anonymous" else MSG_PLANNERS_ONLY
        _expect(response, allowed, 200, message)
        own_luotsi.refresh_from_db()
        assert own_luotsi.is_active is (not allowed)

    @pytest.mark.parametrize("role", ROLES)
    def test_erase(self, client_as, role, own_luotsi):
        response = client_as(role).post(f"/api/v1/luotsit/{own_luotsi.pk}/erase/")
        allowed = role == "admin"
        message = "Authentication credentials were not provided." if role == "anonymous" else MSG_ADMINS_ONLY
        _expect(response, allowed, 200, message)
        own_luotsi.refresh_from_db()
        assert (own_luotsi.erased_at is not None) is allowed

    @pytest.mark.parametrize("role", ROLES)
    def test_own_view_patch(self, client_as, role, own_luotsi):
        response = client_as(role).patch("/api/v1/luotsit/me/", {"phone": "+358 40 555 0177"}, format="json")
        if role == "luotsi":
            assert response.status_code == 200 and response.json()["luotsi"]["phone"] == "+358 40 555 0177"
        elif role == "anonymous":
            assert response.status_code == 403
        else:
            # Signed in without a luotsi profile (planners and admins manage through /luotsit/{id}/).
            assert response.status_code == 404
        own_luotsi.refresh_from_db()
        assert (own_luotsi.phone == "+358 40 555 0177") is (role == "luotsi")

    def test_no_delete(self, client_as, own_luotsi):
        assert client_as("admin").delete(f"/api/v1/luotsit/{own_luotsi.pk}/").status_code == 405
        assert Luotsi.objects.filter(pk=own_luotsi.pk).exists()


@pytest.mark.usefixtures("demo_luotsit")
class TestReads:
    @pytest.mark.parametrize("role", ["anonymous", "resident", "luotsi"])
    def test_only_planners_list_inactive(self, client_as, role):
        response = client_as(role).get("/api/v1/luotsit/", {"include_inactive": "true"})
        assert response.status_code == 403
        assert response.json()["detail"] == str(MSG_INACTIVE_PLANNERS_ONLY)

    def test_inactive_luotsit_are_hidden_from_the_public_but_not_from_planners(self, client_as, own_luotsi):
        Luotsi.objects.filter(pk=own_luotsi.pk).update(is_active=False)
        assert client_as("anonymous").get(f"/api/v1/luotsit/{own_luotsi.pk}/").status_code == 404
        assert own_luotsi.pk not in [c["id"] for c in client_as("anonymous").get("/api/v1/luotsit/").json()]
        assert client_as("luotsi").get(f"/api/v1/luotsit/{own_luotsi.pk}/").status_code == 200
        planner = client_as("planner")
        assert planner.get(f"/api/v1/luotsit/{own_luotsi.pk}/").status_code == 200
        listed = planner.get("/api/v1/luotsit/", {"include_inactive": "true"}).json()
        assert own_luotsi.pk in [c["id"] for c in listed]

    def test_list_filters(self, api_client):
        names = lambda **q: [c["name"] for c in api_client.get("/api/v1/luotsit/", q).json()]  # noqa: E731
        assert len(names()) == 11
        assert len(names(role="yritysluotsi")) == 3
        assert names(area=area("suurpiiri", "4").pk) == ["Daniel Testilä", "Jussi Kauppalainen"]
        assert names(language="so") == ["Gunilla Harjoitus"]

    @pytest.mark.parametrize("query", [{"role": "pomo"}, {"language": "xx"}, {"area": "abc"}, {"include_inactive": "ehkä"}])
    def test_bad_filters_are_400(self, api_client, query):
        assert api_client.get("/api/v1/luotsit/", query).status_code == 400
