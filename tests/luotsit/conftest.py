"""Fixtures for the luotsit tests: demo areas and luotsit, a user of every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from rest_framework.test import APIClient

from areas.models import Area
from geo_osallisuus import roles
from luotsit import services
from luotsit.models import Luotsi, Role

# Unpublished contacts: they must never appear in a public response.
SECRET_PHONE = "+358 40 555 0199"
# The own_luotsi's unpublished phone: they and planners see it, nobody else.
OWN_PHONE = "+358 40 555 0188"
SECRET_EMAIL = "salainen.sahkoposti@example.org"
PUBLIC_EMAIL = "julkinen.osoite@example.org"


def area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


@pytest.fixture
def demo_luotsit(demo_areas):
    call_command("load_demo_luotsit", verbosity=0)


def _user(username: str, *, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="not-used-in-tests", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(db) -> dict[str, User | None]:
    """One user per role; the luotsi user owns the `own_luotsi` fixture's profile."""
    return {
        "anonymous": None,
        "resident": _user("asukas"),
        "luotsi": _user("oma-luotsi", group=roles.LUOTSI_GROUP),
        "other_luotsi": _user("toinen-luotsi", group=roles.LUOTSI_GROUP),
        "planner": _user("suunnittelija", group=roles.PLANNER_GROUP),
        "admin": _user("yllapito", is_staff=True),
    }


@pytest.fixture
def client_as(users):
    def _client(role: str) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if users[role] is not None:
            client.force_authenticate(users[role])
        return client

    return _client


@pytest.fixture
def own_luotsi(demo_areas, users) -> Luotsi:
    """A stadiluotsi of Vironniemi (peruspiiri 101) with an unpublished phone, linked to users['luotsi']."""
    return services.luotsi_create(
        role=Role.STADILUOTSI,
        name="Olli Omaprofiili",
        title_fi="Stadiluotsi",
        email=PUBLIC_EMAIL,
        phone=OWN_PHONE,
        publish_email=True,
        publish_phone=False,
        languages=["fi", "en"],
        user=users["luotsi"],
        areas=[area("peruspiiri", "101")],
    )


@pytest.fixture
def secret_luotsi(demo_areas) -> Luotsi:
    """A stadiluotsi of Kluuvi (osa-alue 020) who publishes neither e-mail nor phone."""
    return services.luotsi_create(
        role=Role.STADILUOTSI,
        name="Salla Salainen",
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        photo_url="https://www.hel.fi/static/luotsit/salla.jpg",
        publish_email=False,
        publish_phone=False,
        publish_photo=False,
        areas=[area("osa-alue", "020")],
    )
