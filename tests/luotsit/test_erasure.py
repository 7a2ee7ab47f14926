"""Leaving and erasure: history stays, personal data goes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from luotsit import services
from luotsit.models import MSG_NAME_REQUIRED, Luotsi

from .conftest import OWN_PHONE, PUBLIC_EMAIL, area


@pytest.mark.usefixtures("demo_luotsit")
class TestErasure:
    def test_erase_blanks_personal_data_and_keeps_the_row_and_its_areas(self, own_luotsi, users):
        services.luotsi_erase(luotsi=own_luotsi)
        erased = Luotsi.objects.get(pk=own_luotsi.pk)
        assert erased.erased_at is not None and erased.is_active is False
        assert (erased.name, erased.email, erased.phone, erased.photo_url, erased.languages) == ("", "", "", "", [])
        assert not (erased.publish_email or erased.publish_phone or erased.publish_photo)
        assert erased.user is None
        assert erased.active_to == timezone.localdate()
        # History: the role, title and areas served remain.
        assert list(erased.areas.all()) == [area("peruspiiri", "101")]
        assert erased.role == "stadiluotsi" and erased.title_fi == "Stadiluotsi"
        assert str(erased) == f"erased luotsi #{erased.pk}"

    def test_erased_luotsi_is_found_nowhere(self, api_client, own_luotsi):
        services.luotsi_erase(luotsi=own_luotsi)
        body = api_client.get("/api/v1/luotsit/lookup/", {"division": "peruspiiri", "code": "101"}).json()
        assert [c["name"] for c in body["stadiluotsi"]["luotsit"]] == ["Aino Esimerkki"]
        assert api_client.get(f"/api/v1/luotsit/{own_luotsi.pk}/").status_code == 404
        for text in (OWN_PHONE, PUBLIC_EMAIL, "Omaprofiili"):
            assert text not in api_client.get("/api/v1/luotsit/").content.decode()

    def test_the_admin_api_answers_with_the_erased_record(self, client_as, own_luotsi):
        body = client_as("admin").post(f"/api/v1/luotsit/{own_luotsi.pk}/erase/").json()
        assert body["name"] == "" and body["phone"] == "" and body["erased_at"] is not None
        assert [a["code"] for a in body["areas"]] == ["101"]

    def test_erasing_twice_or_editing_after_is_refused(self, client_as, own_luotsi):
        services.luotsi_erase(luotsi=own_luotsi)
        with pytest.raises(ValidationError):
            services.luotsi_erase(luotsi=own_luotsi)
        response = client_as("admin").post(f"/api/v1/luotsit/{own_luotsi.pk}/erase/")
        assert response.status_code == 400
        assert response.json()["detail"] == [str(services.MSG_ALREADY_ERASED)]
        response = client_as("planner").patch(f"/api/v1/luotsit/{own_luotsi.pk}/", {"name": "Takaisin"}, format="json")
        assert response.status_code == 400
        assert Luotsi.objects.get(pk=own_luotsi.pk).name == ""

    def test_the_database_refuses_an_active_erased_luotsi(self, own_luotsi):
        services.luotsi_erase(luotsi=own_luotsi)
        with pytest.raises(IntegrityError):
            Luotsi.objects.filter(pk=own_luotsi.pk).update(is_active=True)


@pytest.mark.usefixtures("demo_luotsit")
class TestLeaving:
    def test_deactivate_keeps_areas_and_ends_the_period(self, own_luotsi):
        services.luotsi_deactivate(luotsi=own_luotsi)
        own_luotsi.refresh_from_db()
        assert own_luotsi.is_active is False and own_luotsi.active_to == timezone.localdate()
        assert own_luotsi.name == "Olli Omaprofiili" and own_luotsi.areas.count() == 1
        assert not Luotsi.objects.active().filter(pk=own_luotsi.pk).exists()

    def test_active_period_bounds(self, own_luotsi):
        today = timezone.localdate()
        Luotsi.objects.filter(pk=own_luotsi.pk).update(active_to=today - datetime.timedelta(days=1))
        assert not Luotsi.objects.active().filter(pk=own_luotsi.pk).exists()
        assert Luotsi.objects.active(today - datetime.timedelta(days=2)).filter(pk=own_luotsi.pk).exists()


@pytest.mark.usefixtures("demo_areas")
class TestValidation:
    """Every 400 of the write API."""

    @pytest.mark.parametrize(
        "payload, field, message",
        [
            ({}, "name", "This field is required."),
            ({"name": ""}, "name", "This field may not be blank."),
            ({"name": "N", "role": "pomo"}, "role", '"pomo" is not a valid choice.'),
            ({"name": "N", "email": "ei-osoite"}, "email", "Enter a valid email address."),
            ({"name": "N", "phone": "soita minulle"}, "phone", "Enter a phone number of digits"),
            ({"name": "N", "photo_url": "ftp://x"}, "photo_url", "Enter a valid URL."),
            ({"name": "N", "languages": ["xx"]}, "languages", '"xx" is not a valid choice.'),
            ({"name": "N", "area_ids": [999999]}, "area_ids", "There is no area with id 999999."),
            ({"name": "N", "user": "eiole"}, "user", "There is no user account named eiole."),
            ({"name": "N", "active_from": "eilen"}, "active_from", "Date has wrong format."),
        ],
    )
    def test_bad_payload(self, client_as, payload, field, message):
        response = client_as("planner").post("/api/v1/luotsit/", payload, format="json")
        assert response.status_code == 400
        assert message in str(response.json()[field])
        assert not Luotsi.objects.exists()

    def test_active_period_must_be_ordered(self, client_as):
        response = client_as("planner").post(
            "/api/v1/luotsit/", {"name": "N", "active_from": "2025-05-01", "active_to": "2025-01-01"}, format="json"
        )
        assert response.status_code == 400 and not Luotsi.objects.exists()

    def test_one_account_one_luotsi(self, client_as, own_luotsi):
        response = client_as("planner").post("/api/v1/luotsit/", {"name": "N", "user": "oma-luotsi"}, format="json")
        assert response.status_code == 400
        assert response.json()["detail"] == [str(services.MSG_USER_TAKEN)]

    def test_name_is_required_until_erased(self, own_luotsi):
        with pytest.raises(ValidationError) as error:
            services.luotsi_update(luotsi=own_luotsi, name="  ")
        assert error.value.message_dict["name"] == [str(MSG_NAME_REQUIRED)]

    def test_own_view_rejects_a_bad_phone(self, client_as, own_luotsi):
        response = client_as("luotsi").patch("/api/v1/luotsit/me/", {"phone": "abc"}, format="json")
        assert response.status_code == 400
        own_luotsi.refresh_from_db()
        assert own_luotsi.phone == OWN_PHONE
