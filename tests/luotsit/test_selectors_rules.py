"""The publication rule field by field: each contact appears exactly when its own flag
is set and it has a value; the full card (the luotsi themself, planners) shows all."""

from __future__ import annotations

import itertools

import pytest

from luotsit import services
from luotsit.models import Luotsi, Role
from luotsit.selectors import luotsi_card, luotsi_public_contacts

from .conftest import area

CONTACTS = {"email": "a@example.org", "phone": "+358 40 555 0100", "photo_url": "https://example.org/a.jpg"}
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


def test_the_public_card_has_the_published_contacts_only(luotsi):
    card = luotsi_card(luotsi)
    assert (card["email"], card["phone"], card["photo_url"]) == (CONTACTS["email"], None, None)
    assert {"publish_email", "publish_phone", "publish_photo", "user", "is_active", "erased_at"}.isdisjoint(card)
    assert (card["id"], card["name"], card["role"], card["languages"]) == (luotsi.pk, "Pia Puolijulkinen", "stadiluotsi", ["fi", "sv"])
    assert card["title"] == card["title_fi"] == "Stadiluotsi"
    kluuvi = area("osa-alue", "020")
    assert card["areas"] == [
        {
            "id": kluuvi.pk, "division": "osa-alue", "code": "020", "name": kluuvi.name,
            "name_fi": kluuvi.name_fi, "name_sv": kluuvi.name_sv, "name_en": kluuvi.name_en,
        }
    ]


def test_the_full_card_has_every_contact_and_flag(luotsi):
    card = luotsi_card(luotsi, full=True)
    assert {k: card[k] for k in CONTACTS} == CONTACTS
    assert (card["publish_email"], card["publish_phone"], card["publish_photo"]) == (True, False, False)
    assert (card["is_active"], card["active_from"], card["active_to"], card["erased_at"]) == (True, None, None, None)
    assert card["user"] == "pia"
