"""Cases and spaces made through their services, so that the area index is right."""

from __future__ import annotations

import itertools

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point

from cases.models import Case, CaseLocation
from cases.services import case_location_create
from spaces.services import spaces_import

# The railway station square (60.1699 N, 24.9384 E) in EPSG:3067.
STATION_3067 = Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True)
_numbers = itertools.count(1)


def case(*, title: str = "Testiasia", geometry: GEOSGeometry | None = None, **values) -> Case:
    number = next(_numbers)
    values.setdefault("case_id", f"HEL 2025-{number:06d}")
    values.setdefault("status", Case.Status.PENDING)
    created = Case.objects.create(title_fi=title, **values)
    if geometry is not None:
        if geometry.srid is None:  # the samples' shapes are made in EPSG:3067
            geometry.srid = settings.PROJECTION_SRID
        case_location_create(case=created, geometry=geometry, source=CaseLocation.Source.IMPORTED)
    return created


def at(dx: float, dy: float) -> Point:
    """A point dx metres east and dy metres north of the station, in EPSG:3067."""
    return Point(STATION_3067.x + dx, STATION_3067.y + dy, srid=settings.PROJECTION_SRID)


def space(name: str, point: Point, **values):
    number = next(_numbers)
    item = {"origin_id": f"test:{number}", "name_fi": name, "point": point, **values}
    spaces_import(items=[item], source="test")
    from spaces.models import Space

    return Space.objects.get(origin_id=item["origin_id"])
