"""A small world for the planners' API: the demo areas and luotsit, a dozen
cases on known dates (one unplaced) and a few spaces, made through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from cases.models import Case
from tests.cases import factories

UTC = datetime.timezone.utc
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG3067 = "http://www.opengis.net/def/crs/EPSG/0/3067"
EPSG3879 = "http://www.opengis.net/def/crs/EPSG/0/3879"
EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"


@pytest.fixture
def ogc_world(demo_areas):
    call_command("load_demo_luotsit", verbosity=0)
    cases = []
    for i in range(12):
        cases.append(
            factories.case(
                title=f"Asia {i}",
                geometry=factories.at(i * 150.0, i * 70.0),
                status=Case.Status.PENDING if i % 3 else Case.Status.DECIDED,
                created=datetime.datetime(2024, 1, 1 + i, 12, 0, tzinfo=UTC),
            )
        )
    cases.append(factories.case(title="Paikaton asia", created=datetime.datetime(2024, 2, 1, tzinfo=UTC)))
    spaces = [
        factories.space(f"Tila {i}", factories.at(-300.0 * i, 400.0), kind="library" if i % 2 else "youth_centre")
        for i in range(5)
    ]
    return {"cases": cases, "spaces": spaces}
