"""Data at a scale, generated in PostGIS (generate_series / ST_GeneratePoints), never in Python loops.

Scale 1 is Helsinki's real volumes: the demo divisions (8 suurpiirit, 34
peruspiirit, 147 osa-alueet) plus a synthetic division `bench-alue` of 150
cells, 5 000 pending cases, 1 000 spaces and 50 000 feedback-like points.
Scale s multiplies the cells, cases, spaces and points by s; each scale adds
rows to the previous one, so 10x keeps the 1x rows. The cells are the Voronoi
cells of random points clipped to the city, so lookups at 100x meet 15 000
cells of the same kind as at 1x.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from django.contrib.gis.db import models
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from areas.demo import demo_divisions_load
from areas.index_write import index_bulk
from areas.located import located_refresh
from areas.models import Area, DivisionType
from cases.models import Case
from spaces.models import Space

from .models import BenchPoint

GRID_DIVISION = "bench-alue"
BASE_COUNTS = {"cells": 150, "cases": 5_000, "spaces": 1_000, "points": 50_000}
CATEGORIES = ("liikenne", "viheralueet", "rakentaminen", "palvelut", "turvallisuus")


@dataclass(frozen=True)
class Counts:
    cells: int
    cases: int
    spaces: int
    points: int

    @classmethod
    def at(cls, scale: float) -> "Counts":
        return cls(**{k: max(2, round(v * scale)) for k, v in BASE_COUNTS.items()})


def _columns(model: type[models.Model], overrides: dict[str, str]) -> tuple[str, str, list]:
    """Column list and SELECT expressions for an INSERT ... SELECT of `model`.

    `overrides` maps a column to an SQL expression over the source row (`n`, the
    row number, and `pt`, the point in EPSG:3067); every other column gets NULL,
    its default, an empty text or false, as the model would store it.
    """
    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in overrides:
            expressions.append(overrides[field.column])
        elif field.null:
            expressions.append("NULL")
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("now()")
        elif field.has_default():
            value = field.get_default()
            if isinstance(field, models.JSONField):
                expressions.append("%s::jsonb")
                params.append(json.dumps(value))
            else:
                expressions.append("%s")
                params.append(value)
        elif isinstance(field, (models.CharField, models.TextField)):
            expressions.append("''")
        elif isinstance(field, models.BooleanField):
            expressions.append("false")
        else:
            raise ValueError(f"No bench value for {model.__name__}.{field.name}")
    return ", ".join(columns), ", ".join(expressions), params


def _insert_points(model, *, start: int, count: int, seed: int, overrides: dict[str, str]) -> None:
    """`count` rows of `model` at random points inside the city, numbered from start + 1."""
    if count <= 0:
        return
    columns, expressions, params = _columns(model, overrides)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) SELECT {expressions} FROM ("
            "SELECT %s + row_number() OVER () AS n, d.geom AS pt "
            "FROM bench_city c, ST_Dump(ST_GeneratePoints(c.g, %s, %s)) d) src",
            [*params, start, count, seed],
        )


def _city() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_city AS SELECT ST_Union(a.geometry) AS g FROM areas_area a "
            "JOIN areas_divisiontype d ON d.id = a.division_id WHERE d.slug = 'suurpiiri'"
        )


def _grid(count: int, seed: int) -> None:
    """Replace the cells of the bench division by `count` Voronoi cells clipped to the city."""
    division, _ = DivisionType.objects.get_or_create(
        slug=GRID_DIVISION, defaults={"name": "Bench areas", "name_en": "Bench areas", "is_official": False, "level": 90}
    )
    columns, expressions, params = _columns(
        Area,
        {
            "division_id": str(int(division.pk)),
            "code": "'B' || n",
            "name": "'Penkkialue ' || n",
            "name_fi": "'Penkkialue ' || n",
            "is_approximate": "true",
            "source": "'bench'",
            "geometry": "pt",
        },
    )
    with connection.cursor() as cursor:
        # Raw deletes: the ORM would collect every index row in Python first.
        cursor.execute("DELETE FROM areas_areamembership WHERE division_id = %s", [division.pk])
        cursor.execute("DELETE FROM areas_area WHERE division_id = %s", [division.pk])
        cursor.execute(
            f"INSERT INTO areas_area ({columns}) SELECT {expressions} FROM ("
            "SELECT row_number() OVER () AS n, "
            "ST_Multi(ST_CollectionExtract(ST_Intersection(v.geom, c.g), 3)) AS pt "
            "FROM bench_city c, ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(c.g, %s, %s))) v) src "
            "WHERE NOT ST_IsEmpty(src.pt)",
            [*params, count, seed],
        )


def _index_cells(grid: DivisionType, last_point: int) -> None:
    """The new cells' rows for the points that were there before (new points get theirs with the rest)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers) "
            "SELECT %s, p.id, a.id, a.division_id, ST_Covers(a.geometry, p.geometry) FROM bench_benchpoint p "
            "JOIN areas_area a ON a.division_id = %s AND ST_Intersects(a.geometry, p.geometry) WHERE p.id <= %s",
            [ContentType.objects.get_for_model(BenchPoint).pk, grid.pk, last_point],
        )


def data_prepare() -> None:
    """The demo divisions and the city outline the generators draw inside."""
    demo_divisions_load()
    _city()


def data_generate(
    *, scale: float, seed: int = 9, index_points: bool = True, bulk: bool = False
) -> dict[str, float]:
    """Bring the database to `scale`; returns how long each step took (seconds).

    With `index_points=False` the new points' area index is left for the caller (the
    assignment benchmark builds it through the service). With `bulk` the whole
    area index is rewritten as one bulk load (areas.index_write.index_bulk, the
    service's own for large batches): every point's rows, the grid's included, in
    the same steps as the cases and spaces, into the index made UNLOGGED first.
    """
    target = Counts.at(scale)
    steps: dict[str, float] = {}

    def step(name, fn):
        start = time.perf_counter()
        with transaction.atomic():
            fn()
        steps[name] = round(time.perf_counter() - start, 2)

    step("cells", lambda: _grid(target.cells, seed))
    have = Case.objects.filter(source="bench").count()
    step(
        "cases",
        lambda: _insert_points(
            Case,
            start=have,
            count=target.cases - have,
            seed=seed + 1,
            overrides={
                "case_id": "'HEL 2097-' || lpad(n::text, 6, '0')",
                "title": "'Asemakaavan muutos, kortteli ' || n",
                "title_fi": "'Asemakaavan muutos, kortteli ' || n",
                "title_sv": "'Detaljplaneändring, kvarter ' || n",
                "status": "'pending'",
                "sector": "'Kaupunkiympäristön toimiala'",
                "created": "now() - n * interval '1 minute'",
                "source": "'bench'",
                "geometry": "pt",
            },
        ),
    )
    have = Space.objects.filter(source="bench").count()
    kinds = "ARRAY['library','youth_centre','playground','school','multipurpose_house']"
    step(
        "spaces",
        lambda: _insert_points(
            Space,
            start=have,
            count=target.spaces - have,
            seed=seed + 2,
            overrides={
                "name": "'Tila ' || n",
                "name_fi": "'Tila ' || n",
                "kind": f"({kinds})[1 + n %% 5]",
                "municipality": "'Helsinki'",
                "source": "'bench'",
                "origin_id": "'bench-' || n",
                "point": "pt",
                "geometry": "pt",
            },
        ),
    )
    have = BenchPoint.objects.count()
    last_point = BenchPoint.objects.order_by("-id").values_list("id", flat=True).first() or 0
    categories = "ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "]"
    step(
        "points",
        lambda: _insert_points(
            BenchPoint,
            start=have,
            count=target.points - have,
            seed=seed + 3,
            overrides={
                "title": "'Palaute ' || n",
                "category": f"({categories})[1 + n %% 5]",
                "created_at": "now() - n * interval '1 minute'",
                "geometry": "pt",
            },
        ),
    )
    if bulk:
        # The bench's own database only: no WAL for ~25 million rows (the reads are the same; a
        # crash would empty the table, and the bench's database is dropped after the run anyway).
        step("index_unlogged", _index_unlogged)
        started = time.perf_counter()
        with transaction.atomic(), index_bulk():
            step("index_cases_spaces", lambda: (located_refresh(model=Case), located_refresh(model=Space)))
            step("index_points", lambda: located_refresh(model=BenchPoint))
        total = time.perf_counter() - started
        # Dropping the indexes is instant; the rest is rebuilding them and checking the key.
        steps["index_rebuild"] = round(total - steps["index_cases_spaces"] - steps["index_points"], 2)
        _analyze(steps)
        return steps
    # The cells changed, so the whole index of cases and spaces is rebuilt; the
    # points keep theirs for the demo divisions, and get the new cells here.
    step("index_cases_spaces", lambda: (located_refresh(model=Case), located_refresh(model=Space)))
    grid = DivisionType.objects.get(slug=GRID_DIVISION)
    if index_points:
        step("index_points", lambda: located_refresh(model=BenchPoint, ids=list(
            BenchPoint.objects.filter(id__gt=last_point).values_list("id", flat=True))))
    step("index_points_cells", lambda: _index_cells(grid, last_point))
    _analyze(steps)
    return steps


def _index_unlogged() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE areas_areamembership SET UNLOGGED")


def _analyze(steps: dict[str, float]) -> None:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps["analyze"] = round(time.perf_counter() - start, 2)
