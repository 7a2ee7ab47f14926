"""Benchmark: a year of feedback (50 000 points) assigned to areas and routed in one set-based pass.

`feedback_routing_bench(count=...)` inserts `count` requests at seeded random
points in Helsinki with one INSERT … SELECT (ST_GeneratePoints), routes them with
`feedback_route` (the area index, the rules and the stadiluotsi: three
statements whatever the count) and reports the seconds each step took and the
number of SQL statements routing issued. The caller decides whether the
transaction is kept (the management command rolls it back unless --keep).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.models import Area, DivisionType

from .models import FeedbackRequest, Service
from .routing import feedback_route

YEAR_OF_FEEDBACK = 50_000

_INSERT = """
    INSERT INTO {table} (service_id, description, status, status_notes, geometry, address_string, email,
                         first_name, last_name, media_url, is_demo, requested_at, updated_at, match_terms)
    SELECT (ARRAY[{services}])[1 + (row_number() OVER () %% {service_count})], 'Benchmark feedback', 'open', '',
           d.geom, '', '', '', '', '', TRUE, now(), now(), '{{}}'::text[]
    FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Union(geometry), %(count)s, %(seed)s))).geom
          FROM {area} WHERE division_id = %(division)s) d
    RETURNING id
"""


@dataclass(frozen=True)
class BenchResult:
    count: int
    insert_s: float
    route_s: float
    routed: int
    statements: int
    with_sector: int
    with_luotsi: int

    @property
    def per_second(self) -> float:
        return self.routed / self.route_s if self.route_s else float("inf")


def feedback_routing_bench(*, count: int = YEAR_OF_FEEDBACK, seed: int = 2025) -> BenchResult:
    """Insert and route `count` requests; call inside a transaction the caller rolls back."""
    services = list(Service.objects.values_list("pk", flat=True))
    division = DivisionType.objects.get(slug="suurpiiri")
    if not services or not Area.objects.filter(division=division).exists():
        raise RuntimeError("No services or no suurpiirit: run load_demo_data and load_demo_feedback first.")
    quote = connection.ops.quote_name
    sql = _INSERT.format(
        table=quote(FeedbackRequest._meta.db_table),
        area=quote(Area._meta.db_table),
        services=",".join(str(int(pk)) for pk in services),
        service_count=len(services),
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"count": count, "seed": seed, "division": division.pk})
        ids = [row[0] for row in cursor.fetchall()]
    inserted = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        routed = feedback_route(ids=ids)
    finished = time.perf_counter()
    routed_rows = FeedbackRequest.objects.filter(pk__in=ids)
    return BenchResult(
        count=len(ids),
        insert_s=inserted - started,
        route_s=finished - inserted,
        routed=routed,
        statements=len(queries.captured_queries),
        with_sector=routed_rows.filter(sector__isnull=False).count(),
        with_luotsi=routed_rows.filter(luotsi__isnull=False).count(),
    )
