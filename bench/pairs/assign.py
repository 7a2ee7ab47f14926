"""Assigning every feedback-like point to its areas in every division:

- the service: `located_refresh(model=BenchPoint)` in a transaction, from an
  empty index (what a bulk import does), writing areas_areamembership;
- one raw SQL spatial join into an unindexed temporary table;
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

RAW = """
CREATE TEMP TABLE bench_join AS
SELECT p.id, a.id AS area_id, a.division_id FROM bench_benchpoint p
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


def raw() -> int:
    with connection.cursor() as cursor:
        cursor.execute(RAW)
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
    raw_ms, raw_rows = _runs(raw, lambda: None, repeat)
    service_ms, service_rows = _runs(service, _clear, repeat)
    figures = {"service": service_ms, "raw_sql": raw_ms}
    notes = [f"{points} points, {service_rows} index rows (raw join: {raw_rows}); median of {repeat}"]
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
                "service/geopandas_sjoin": ratio(service_ms, figures.get("geopandas_sjoin")),
            },
            target=f"service/raw <= {TARGET_RAW} and service < geopandas_sjoin",
            met=met,
            notes=notes,
        )
    ]
