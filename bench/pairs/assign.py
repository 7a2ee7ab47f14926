"""Assigning every feedback-like point to its areas in every division:

- the service: `located_refresh(model=BenchPoint)` in a transaction, from an
  empty index (what a bulk import does), writing areas_areamembership;
- the raw join (`raw_sql`): one hand-written INSERT … SELECT of the same rows
  (content type, item, area, division, ST_Covers) into a table of the same kind:
  logged, created like areas_areamembership with its indexes and its area key,
  committed. It differs from the service only in the service's rule for
  polygonal parts (a sliver is not membership), which no point meets;
- the same join into an unindexed temporary table (`raw_temp`: no WAL, no
  index, no key, no covers column), the pair's baseline until 2026-12-05;
- GeoPandas `sjoin` (predicate intersects) on the same points and areas, read
  from PostGIS first (the read is reported, the median is of the join alone),
  in the bench's own virtual environment.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import time
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from areas.located import located_refresh

from ..database import libpq
from ..measure import Result, ratio
from ..models import BenchPoint

TARGET_RAW = 1.5  # service <= 1.5x the raw join
SJOIN_SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "gpd_sjoin.py"

RAW_TEMP = """
CREATE TEMP TABLE bench_join AS
SELECT p.id, a.id AS area_id, a.division_id FROM bench_benchpoint p
JOIN areas_area a ON ST_Intersects(a.geometry, p.geometry)
WHERE p.geometry IS NOT NULL
"""
# A table of the index's kind: its columns, defaults, indexes and unique constraint, and its area key.
SAME_KIND = (
    "DROP TABLE IF EXISTS bench_join_same",
    "CREATE TABLE bench_join_same (LIKE areas_areamembership INCLUDING ALL)",
    "ALTER TABLE bench_join_same ADD FOREIGN KEY (area_id) REFERENCES areas_area (id) DEFERRABLE INITIALLY DEFERRED",
)
RAW = """
INSERT INTO bench_join_same (content_type_id, object_id, area_id, division_id, covers)
SELECT %s, p.id, a.id, a.division_id, ST_Covers(a.geometry, p.geometry) FROM bench_benchpoint p
JOIN areas_area a ON ST_Intersects(a.geometry, p.geometry)
WHERE p.geometry IS NOT NULL
"""


def _clear() -> None:
    content_type = ContentType.objects.get_for_model(BenchPoint)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM areas_areamembership WHERE content_type_id = %s", [content_type.pk])


def _runs(fn, before, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), value


def service() -> int:
    with transaction.atomic():
        return located_refresh(model=BenchPoint)


def _same_kind() -> None:
    with connection.cursor() as cursor:
        for statement in SAME_KIND:
            cursor.execute(statement)


def raw() -> int:
    content_type = ContentType.objects.get_for_model(BenchPoint)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RAW, [content_type.pk])
        return cursor.rowcount


def raw_temp() -> int:
    with connection.cursor() as cursor:
        cursor.execute(RAW_TEMP)
        rows = cursor.rowcount
        cursor.execute("DROP TABLE bench_join")
    return rows


def geopandas(ctx, repeat: int) -> dict:
    completed = subprocess.run(
        [str(ctx.tool_python), str(SJOIN_SCRIPT), libpq(ctx.database_url), str(repeat)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip()[-500:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(ctx) -> list[Result]:
    points = BenchPoint.objects.count()
    repeat = ctx.runs(3 if points <= 100_000 else 1)
    # Interleaved, so that a swing of the shared machine's load falls on all three alike.
    times: dict[str, list[float]] = {"service": [], "raw_sql": [], "raw_temp": []}
    rows: dict[str, object] = {}
    for _ in range(repeat):
        for name, fn, before in (("raw_temp", raw_temp, lambda: None), ("raw_sql", raw, _same_kind),
                                 ("service", service, _clear)):  # fmt: skip
            ms, rows[name] = _runs(fn, before, 1)
            times[name].append(ms)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_join_same")
    figures = {name: statistics.median(values) for name, values in times.items()}
    service_ms, raw_ms = figures["service"], figures["raw_sql"]
    notes = [
        f"{points} points, {rows['service']} index rows (raw join into a table of the same kind: "
        f"{rows['raw_sql']}, into an unindexed temporary table: {rows['raw_temp']}); median of {repeat}"
    ]
    met = ratio(service_ms, raw_ms) <= TARGET_RAW
    if "geopandas" in ctx.skip or ctx.tool_python is None:
        notes.append("GeoPandas not measured: " + ("skipped" if "geopandas" in ctx.skip else "no bench venv"))
    else:
        try:
            gpd = geopandas(ctx, repeat)
            figures["geopandas_sjoin"] = gpd["sjoin_ms"]
            figures["geopandas_read"] = gpd["read_ms"]
            notes.append(f"GeoPandas {gpd['version']}: {gpd['rows']} rows; read from PostGIS {gpd['read_ms']:.0f} ms")
            met = met and service_ms < gpd["sjoin_ms"]
        except Exception as error:  # the report says why instead of stopping the run
            notes.append(f"GeoPandas failed: {error}")
    return [
        Result(
            pair="assign points to areas: service vs raw join vs GeoPandas",
            scale=ctx.label,
            figures=figures,
            ratios={
                "service/raw": ratio(service_ms, raw_ms),
                "service/raw_temp": ratio(service_ms, figures["raw_temp"]),
                "service/geopandas_sjoin": ratio(service_ms, figures.get("geopandas_sjoin")),
            },
            target=f"service/raw <= {TARGET_RAW} and service < geopandas_sjoin",
            met=met,
            notes=notes,
        )
    ]
