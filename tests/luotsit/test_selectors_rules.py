"""The publication rule field by field: each contact appears exactly when its own flag
is set and it has a value; the full card (the luotsi themself, planners) shows all."""

from __future__ import annotations

import datetime
import itertools

import pytest

from luotsit import services
from luotsit.models import Luotsi, Role
from luotsit.selectors import luotsi_card, luotsi_public_contacts

from .conftest import area

CONTACTS = {"email": "a@example.org", "phone": "+358 40 555 0100", "photo_url": "https://www.hel.fi/static/luotsit/a.jpg"}
FLAGS = {"email": "publish_email", "phone": "publish_phone", "photo_url": "publish_photo"}


@pytest.mark.parametrize("flags", list(itertools.product([False, True], repeat=3)))
def test_each_contact_follows_its_own_flag(flags):
    published = dict(zip(FLAGS.values(), flags))
    luotsi = Luotsi(**CONTACTS, **published)
    assert luotsi_public_contacts(luotsi) == {
        field: (value if published[FLAGS[field]] else None) for field, value in CONTACTS.items()
    }


def test_a_published_but_empty_contact_is_none():
    luotsi = Luotsi(email="", phone="", photo_url="", publish_email=True, publish_phone=True, publish_photo=True)
    assert luotsi_public_contacts(luotsi) == {"email": None, "phone": None, "photo_url": None}


@pytest.fixture
def luotsi(demo_areas, django_user_model) -> Luotsi:
    return services.luotsi_create(
        role=Role.STADILUOTSI,
        name="Pia Puolijulkinen",
        title_fi="Stadiluotsi",
        publish_email=True,
        publish_phone=False,
        publish_photo=False,
        languages=["fi", "sv"],
        user=django_user_model.objects.create_user(username="pia", password="x"),
        areas=[area("osa-alue", "020")],
        **CONTACTS,
    )


def public_card(luotsi: Luotsi) -> dict:
    kluuvi = area("osa-alue", "020")
    return {
        "id": luotsi.pk, "name": "Pia Puolijulkinen", "role": "stadiluotsi", "role_label": str(Role.STADILUOTSI.label),
        "title": "Stadiluotsi", "title_fi": "Stadiluotsi", "title_sv": None, "title_en": None, "languages": ["fi", "sv"],
        "areas": [
            {
                "id": kluuvi.pk, "division": "osa-alue", "code": "020", "name": kluuvi.name,
                "name_fi": kluuvi.name_fi, "name_sv": kluuvi.name_sv, "name_en": kluuvi.name_en,
            }
        ],
        # Published: the e-mail only.
        "email": CONTACTS["email"], "phone": None, "photo_url": None,
    }  # fmt: skip


def test_the_public_card_has_the_published_contacts_only(luotsi):
    assert luotsi_card(luotsi) == public_card(luotsi)


def test_the_full_card_has_every_contact_and_flag(luotsi):
    assert luotsi_card(luotsi, full=True) == {
        **public_card(luotsi),
        **CONTACTS,
        "publish_email": True, "publish_phone": False, "publish_photo": False,
        "is_active": True, "active_from": None, "active_to": None, "erased_at": None, "user": "pia",
    }  # fmt: skip


def test_the_full_card_of_an_erased_luotsi_without_a_user_or_published_email(luotsi):
    luotsi.user = None
    luotsi.active_from, luotsi.active_to = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    luotsi.erased_at = datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
    luotsi.publish_email = False
    assert luotsi_card(luotsi)["email"] is None
    card = luotsi_card(luotsi, full=True)
    assert card["email"] == CONTACTS["email"]  # the full card shows the unpublished e-mail too
    assert (card["user"], card["active_from"], card["active_to"], card["erased_at"]) == (
        None, luotsi.active_from, luotsi.active_to, luotsi.erased_at,
    )  # fmt: skip
