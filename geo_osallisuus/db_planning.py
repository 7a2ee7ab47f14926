"""Planner settings for statements that return few rows but are estimated to be costly.

PostGIS declares its functions costly (ST_DWithin, ST_Intersects, ST_AsGeoJSON),
so a statement that reads a few thousand rows can be estimated past
`jit_above_cost`, and PostgreSQL then compiles it: 14-105 ms for the duplicate
check's query, ~40 ms of a 1 000-feature list page at 10x (bench/RESULTS.md,
"Duplicate check" and History "10x list pages"); starting parallel workers for
so few rows costs more than they save (another ~17 ms of that page).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def planned_for_few_rows(using: str = "default"):
    """The queries inside run without JIT compilation or parallel workers.

    The settings are local to the transaction (the caller's, when one is open:
    no savepoint for a read), so they end with it.
    """
    with transaction.atomic(using=using, savepoint=False):
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)")
        yield
