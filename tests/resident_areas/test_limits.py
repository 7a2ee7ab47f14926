"""A resident area's limits, each at the limit, one inside and one outside: at
least 1 000 m², at most 100 km², at most 10 000 vertices."""

from __future__ import annotations

import math

import pytest
from django.contrib.gis.geos import Polygon

from areas.geometry import GeometryError
from resident_areas import validation

from .conftest import inner_point

pytestmark = pytest.mark.usefixtures("demo_areas")


def rectangle(width: float, height: float) -> Polygon:
    x, y = (round(c) for c in inner_point())
    return Polygon(((x, y), (x + width, y), (x + width, y + height), (x, y + height), (x, y)), srid=3067)


def ring_of(coordinates: int) -> Polygon:
    """A 200 m circle drawn with `coordinates` points (the closing one included)."""
    x, y = inner_point()
    n = coordinates - 1
    ring = [(x + 200 * math.cos(2 * math.pi * i / n), y + 200 * math.sin(2 * math.pi * i / n)) for i in range(n)]
    return Polygon(ring + [ring[0]], srid=3067)


@pytest.mark.parametrize("height, allowed", [(24.5, False), (25, True), (25.5, True)])
def test_at_least_1000_square_metres(height, allowed):
    shape = rectangle(40, height)  # 980, 1 000 and 1 020 m²
    if allowed:
        assert validation.resident_geometry_clean(geometry=shape).geometry.area == pytest.approx(40 * height)
    else:
        with pytest.raises(GeometryError) as exc:
            validation.resident_geometry_clean(geometry=shape)
        assert str(exc.value) == str(validation.MSG_TOO_SMALL).format(area=40 * height, limit=1000)


@pytest.mark.parametrize("coordinates, allowed", [(9_999, True), (10_000, True), (10_001, False)])
def test_at_most_10000_vertices(coordinates, allowed):
    shape = ring_of(coordinates)
    assert shape.num_coords == coordinates
    if allowed:
        assert validation.resident_geometry_clean(geometry=shape).geometry.num_coords == coordinates
    else:
        with pytest.raises(GeometryError) as exc:
            validation.resident_geometry_clean(geometry=shape)
        assert str(exc.value) == str(validation.MSG_TOO_COMPLEX).format(count=coordinates, limit=10_000)


def test_at_most_100_square_kilometres():
    """Inside and outside only: the limit applies to the area as clipped to the city, whose
    shore makes a square exactly at 100 km² hard to draw."""
    x, y = inner_point()
    for side_km, allowed in ((9.9, True), (10.1, False)):
        h = side_km * 500
        shape = Polygon(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h), (x - h, y - h)), srid=3067)
        if allowed:
            assert validation.resident_geometry_clean(geometry=shape).geometry.area <= 100e6
        else:
            with pytest.raises(GeometryError) as exc:
                validation.resident_geometry_clean(geometry=shape)
            assert "at most 100 km²" in str(exc.value)
