"""Fixtures for resident areas: demo areas, a user of every role, luotsit of two districts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Polygon
from rest_framework.test import APIClient

from areas.models import Area
from geo_osallisuus import roles
from luotsit import services as luotsi_services
from luotsit.models import Role


def area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


def _user(username: str, *, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="not-used-in-tests", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(db) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "resident": _user("asukas"),
        "author": _user("tekija"),
        "luotsi": _user("vironniemen-luotsi", group=roles.LUOTSI_GROUP),
        "other_luotsi": _user("pohjoisen-luotsi", group=roles.LUOTSI_GROUP),
        "planner": _user("suunnittelija", group=roles.PLANNER_GROUP),
        "admin": _user("yllapito", is_staff=True),
    }


@pytest.fixture
def luotsit(demo_areas, users):
    """The luotsi serves peruspiiri 101 (Vironniemi, around Kruununhaka and Kluuvi); the other
    serves suurpiiri 4 (Pohjoinen), far from there."""
    return {
        "luotsi": luotsi_services.luotsi_create(
            role=Role.STADILUOTSI, name="Vilma Vironniemi", user=users["luotsi"], areas=[area("peruspiiri", "101")]
        ),
        "other_luotsi": luotsi_services.luotsi_create(
            role=Role.STADILUOTSI, name="Paavo Pohjoinen", user=users["other_luotsi"], areas=[area("suurpiiri", "4")]
        ),
    }


@pytest.fixture
def client_as(users):
    def _client(role: str) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if users[role] is not None:
            client.force_authenticate(users[role])
        return client

    return _client


def square(centre, side: float, srid: int = 3067) -> Polygon:
    """An axis-aligned square of `side` metres around `centre` (x, y in EPSG:3067)."""
    x, y = centre
    h = side / 2
    return Polygon(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h), (x - h, y - h)), srid=srid)


def inner_point(code: str = "010") -> tuple[float, float]:
    """A point well inside the demo osa-alue `code` (EPSG:3067)."""
    return area("osa-alue", code).geometry.point_on_surface.coords


def geojson_of(polygon: Polygon) -> dict:
    import json

    return json.loads(polygon.json)
