"""The duplicate check's place-keyed terms (areas.place_terms): the cells a radius reaches, at
its limits, the SQL function's cell the same as Python's, and a wide radius left to the terms'
own index."""

import math

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.db import connection

from areas.place_terms import PLACE_CELL_M, FUNCTION, cells_within, place_keys

C = PLACE_CELL_M
CENTRE = Point(1.5 * C, 1.5 * C, srid=3067)  # the middle of cell (1, 1)


def test_a_cell_is_reached_when_its_nearest_edge_is_at_the_radius_and_not_a_millimetre_short():
    edge = C / 2  # from the middle of a cell to the edge of its neighbour
    assert (2, 1) in cells_within(CENTRE, edge)
    assert (2, 1) not in cells_within(CENTRE, edge - 0.001)
    assert cells_within(CENTRE, edge - 0.001) == [(1, 1)]


def test_a_diagonal_cell_is_reached_at_the_distance_of_its_corner():
    corner = math.hypot(C / 2, C / 2)
    assert (2, 2) in cells_within(CENTRE, corner)
    assert (2, 2) not in cells_within(CENTRE, corner - 0.001)
    # Inside: the four neighbours by their edges, not the diagonal ones.
    assert sorted(cells_within(CENTRE, corner - 0.001)) == [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]


def test_the_keys_are_each_term_in_each_cell_reached():
    assert place_keys(CENTRE, 0, ["puisto", "#12"]) == ["1,1:puisto", "1,1:#12"]


def test_a_wide_radius_leaves_the_keys_to_the_terms_index():
    # From a cell's middle the cells three away along an axis are reached at 2.5 cells, and
    # those beside them at hypot(2.5, 0.5) cells: 29 cells just short of that, 37 at it.
    reach = math.hypot(2.5 * C, 0.5 * C)
    assert len(cells_within(CENTRE, reach - 0.001)) == 29
    assert len(cells_within(CENTRE, reach)) == 37
    assert place_keys(CENTRE, reach - 0.001, ["puisto"]) is not None
    assert place_keys(CENTRE, reach, ["puisto"]) is None


def keyed(geometry: str, terms: list[str]) -> list[str] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {FUNCTION}(ST_GeomFromText(%s, 3067), %s::text[], %s)", [geometry, terms, float(C)])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "x, y",
    [
        (2 * C, 3 * C),  # on a cell's lower-left corner: that cell
        (2 * C - 0.001, 3 * C - 0.001),  # a millimetre short: the cell before
        (385_611.3, 6_672_118.4),  # central Helsinki
    ],
)
def test_the_sql_function_keys_a_point_in_the_same_cell_as_python(x, y):
    i, j = math.floor(x / C), math.floor(y / C)
    assert keyed(f"POINT({x} {y})", ["puisto", "#12"]) == [f"{i},{j}:puisto", f"{i},{j}:#12"]
    assert f"{i},{j}:puisto" in place_keys(Point(x, y, srid=3067), 0, ["puisto"])


@pytest.mark.django_db
def test_no_terms_or_no_point_is_not_keyed():
    assert keyed("POINT(1 1)", []) is None
    assert keyed(Polygon.from_bbox((0, 0, 10, 10)).wkt, ["puisto"]) is None
