"""Match terms keyed by place: the duplicate check's index for models with many rows.

The duplicate check's candidates are the items near a place that share a term
with the text (areas.similar). A GIN index on the terms alone reads every item
in the city sharing a common term: at 10x Helsinki's yearly feedback, "puisto"
is in 80 000 of 500 000 rows, and building that bitmap was most of the query
(8-26 ms; bench/RESULTS.md, "Duplicate check"). This index keys each term by
the PLACE_CELL_M square the item's point lies in ("1541,26687:puisto"), and the
query asks for the query's terms in the cells around the place only: the
common term is read for a few square kilometres, not for the city.

- `similar_place_terms(point, terms, cell_m)`, an SQL function (created by the
  areas migration 0009 from `FUNCTION_SQL`), gives the keyed terms of a row;
- a model opts in with `place_terms_index(name)` in its Meta.indexes (a GIN
  expression index over that function); `similar_items` then uses it;
- `place_keys(point, radius_m, terms)` gives the keys of every cell that comes
  within `radius_m` of the point: the exact radius test stays in the query, the
  cells only narrow, so nothing within the radius is missed. A wide radius
  (more than MAX_CELLS cells) uses the terms' own index instead.

Only for points (feedback): a cell is that of the item's point, which for a
line or an area would say nothing about the rest of it (the function gives
NULL and the row is not in the index).
"""

from __future__ import annotations

import math

from django.contrib.gis.geos import Point
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import F, FloatField, Func, TextField, Value

# The side of a cell, metres (EPSG:3067). At 10x, 500 m cells needed 93-150 keys for a 1 250 m
# window and GIN pays per key (3-14 ms); 1 000 m cells 39-55 keys, 2.5-7 ms (RESULTS.md).
PLACE_CELL_M = 1000
# Beyond this many cells (a window of some 2.3 km) the keys cost more than the terms' own index:
# at 10x the slowest query was 23 / 25 / 75 ms with the keys for 13 / 16 / 28 cells (the terms
# alone: 39 / 36 / 85 ms) and 127 ms for 33 cells (118 ms), load 7 (bench/RESULTS.md).
MAX_CELLS = 30
FUNCTION = "similar_place_terms"
# IMMUTABLE, so that an index may use it (array_to_string is only STABLE in general, but on
# text[] it depends on nothing else). The search_path is fixed for dump and restore, which
# run index expressions with an empty one (ST_X is PostGIS's, in the schema it lives in).
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(place geometry, terms text[], cell_m float8) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT string_to_array(k || array_to_string(terms, '|' || k), '|')
  FROM (SELECT floor(ST_X(place) / cell_m)::int || ',' || floor(ST_Y(place) / cell_m)::int || ':' AS k) c
  WHERE cardinality(terms) > 0 AND GeometryType(place) = 'POINT'
$$
"""
DROP_SQL = f"DROP FUNCTION IF EXISTS {FUNCTION}(geometry, text[], float8)"


class PlaceTerms(Func):
    """The keyed terms of a row: each of its terms prefixed by its point's cell ("i,j:")."""

    function = FUNCTION
    output_field = ArrayField(TextField())

    def __init__(self, place: str = "geometry", terms: str = "match_terms"):
        super().__init__(F(place), F(terms), Value(float(PLACE_CELL_M), output_field=FloatField()))


def place_terms_index(name: str) -> GinIndex:
    """The GIN index a model declares to have its duplicate check read terms near the place only."""
    return GinIndex(PlaceTerms(), name=name)


def has_place_terms_index(model) -> bool:
    return any(isinstance(expression, PlaceTerms) for index in model._meta.indexes for expression in index.expressions)


def cell(x: float, y: float) -> tuple[int, int]:
    """The cell (column, row) a point in EPSG:3067 lies in: the SQL function's floor(x / cell_m)."""
    return math.floor(x / PLACE_CELL_M), math.floor(y / PLACE_CELL_M)


def cells_within(point: Point, radius_m: float) -> list[tuple[int, int]]:
    """Every cell with a point at most `radius_m` from `point` (EPSG:3067): its nearest edge or corner."""
    x, y = point.x, point.y
    (low_i, low_j), (high_i, high_j) = cell(x - radius_m, y - radius_m), cell(x + radius_m, y + radius_m)
    found = []
    for i in range(low_i, high_i + 1):
        dx = max(i * PLACE_CELL_M - x, 0.0, x - (i + 1) * PLACE_CELL_M)
        for j in range(low_j, high_j + 1):
            dy = max(j * PLACE_CELL_M - y, 0.0, y - (j + 1) * PLACE_CELL_M)
            if math.hypot(dx, dy) <= radius_m:
                found.append((i, j))
    return found


def place_keys(point: Point, radius_m: float, terms: list[str]) -> list[str] | None:
    """The index keys of `terms` in every cell within `radius_m` of `point` (EPSG:3067);
    None when those are more than MAX_CELLS (GIN pays per key: the terms alone then cost less)."""
    cells = cells_within(point, radius_m)
    if len(cells) > MAX_CELLS:
        return None
    return [f"{i},{j}:{term}" for i, j in cells for term in terms]
