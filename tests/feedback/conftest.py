"""Feedback fixtures: the demo areas and luotsit, sectors, services, users."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.core.management import call_command

from areas.models import Area
from feedback.models import RoutingRule, Sector, Service

# Points in EPSG:4326 (lon, lat).
KALLIO = (24.9497, 60.1841)  # Keskinen (3), peruspiiri Kallio
CENTRAL_STATION = (24.9384, 60.1699)  # Eteläinen (1)
ITAKESKUS = (25.0823, 60.2100)  # Itäinen (7)
ESPOO = (24.6559, 60.2055)  # outside Helsinki


def point(lonlat) -> Point:
    return Point(*lonlat, srid=4326)


def area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


@pytest.fixture
def sectors(db) -> dict[str, Sector]:
    return {
        code: Sector.objects.create(code=code, name_en=name, name_fi=name)
        for code, name in (("kymp", "Urban environment"), ("kuva", "Culture and leisure"), ("kasko", "Education"))
    }


@pytest.fixture
def services(sectors) -> dict[str, Service]:
    return {
        code: Service.objects.create(service_code=code, service_name_en=name, service_name_fi=name, default_sector=sectors["kymp"])
        for code, name in (("171", "Pothole"), ("172", "Vandalism"), ("176", "Graffiti removal"))
    }


@pytest.fixture
def helsinki(demo_areas):
    """The demo areas and one demo stadiluotsi per suurpiiri."""
    call_command("load_demo_luotsit", verbosity=0)


@pytest.fixture
def rule(helsinki, services, sectors) -> RoutingRule:
    """Graffiti in Keskinen goes to culture and leisure."""
    return RoutingRule.objects.create(service=services["176"], area=area("suurpiiri", "3"), sector=sectors["kuva"])


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 100_000))

    def _make(*, planner: bool = False, username: str | None = None):
        user = get_user_model().objects.create_user(username=username or f"resident{next(counter)}", password="x")
        if planner:
            user.groups.add(Group.objects.get_or_create(name="planner")[0])
        return user

    return _make
