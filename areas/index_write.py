"""How the area index's rows are written: one INSERT … SELECT, as near the raw join as a correct index allows.

`index_insert` runs the statement `areas.located` builds with settings local to it (no JIT:
the planner prices the per-row PostGIS calls so high that compiling took 0.3 s of a 3.5 s
insert of 200 000 rows; a sort that fits in memory). A batch that is a large share of the
table is written as a bulk load (`index_bulk`): the b-trees and the area key are dropped
inside the transaction and rebuilt after, one sort per b-tree and one join for the key
instead of three b-tree insertions and a key check per row. Below that share rebuilding
the rows already there costs more than it saves (bench/RESULTS.md, History 2026-12-05
"bulk assignment", measures the break-even). Either way the rows are the same, the
transaction is all-or-nothing, and the table comes out of it with the same indexes and
constraints, validated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

TABLE = "areas_areamembership"
# A batch is written as a bulk load when the planner expects at least this many rows...
BULK_MIN_ROWS = 20_000
# ...and they are at least this share of the table after the write. Measured with 200 000 rows
# (bench/RESULTS.md): the bulk load won by a third at a share of 0.32, lost by a tenth at 0.2.
BULK_MIN_SHARE = 0.3
# Memory for the statement's sort and for rebuilding the b-trees, local to the transaction.
WORK_MEM = "64MB"
MAINTENANCE_WORK_MEM = "512MB"

# Set on the connection while `index_bulk` holds the table without its indexes and keys.
_BULK_FLAG = "areas_index_bulk"


def in_bulk_load() -> bool:
    """Whether the area index is being written as a bulk load on this connection."""
    return getattr(connection, _BULK_FLAG, False)


@contextmanager
def index_bulk() -> Iterator[None]:
    """Write the area index as a bulk load: its b-trees and its foreign keys are dropped
    before and rebuilt after, from pg_catalog's own definitions, in the caller's transaction.

    The table is locked (ACCESS EXCLUSIVE) until the transaction ends: reads of the index
    wait, which is why only large batches come here. The primary key stays. The area key is
    added back NOT VALID and then validated: one join over the table instead of a check per
    row, and a row whose area is gone still fails the transaction.
    """
    if in_bulk_load():
        yield
        return
    with connection.cursor() as cursor:
        # The table cannot be altered while checks of earlier writes in this transaction are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            f"WHERE conrelid = '{TABLE}'::regclass AND contype IN ('u', 'f')"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            f"WHERE x.indrelid = '{TABLE}'::regclass AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    setattr(connection, _BULK_FLAG, True)
    try:
        yield
    finally:
        setattr(connection, _BULK_FLAG, False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('maintenance_work_mem'), set_config('maintenance_work_mem', %s, true)",
            [MAINTENANCE_WORK_MEM],
        )
        maintenance_work_mem = cursor.fetchone()[0]
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            if definition.startswith("FOREIGN KEY"):
                cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition} NOT VALID')
                cursor.execute(f'ALTER TABLE {TABLE} VALIDATE CONSTRAINT "{name}"')
            else:
                cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        # Django declares its keys INITIALLY DEFERRED: give the rest of the transaction that back.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [maintenance_work_mem])


@contextmanager
def _statement_settings(cursor) -> Iterator[None]:
    """JIT off and a larger sort memory for one statement, then the transaction's own values back
    (in autocommit they last for the SET alone: harmless, only slower). Not after an error: the
    rollback that follows undoes them, and a query in the aborted transaction would hide the error."""
    cursor.execute(
        "SELECT current_setting('jit'), current_setting('work_mem'), "
        "set_config('jit', 'off', true), set_config('work_mem', %s, true)",
        [WORK_MEM],
    )
    jit, work_mem, _, _ = cursor.fetchone()
    yield
    cursor.execute("SELECT set_config('jit', %s, true), set_config('work_mem', %s, true)", [jit, work_mem])


def bulk_pays(*, rows: float, table_rows: float, deleted: int) -> bool:
    """Whether a batch of `rows` is written faster as a bulk load into a table of `table_rows`
    rows (before the caller's DELETE of `deleted` rows): at least BULK_MIN_ROWS rows, and at
    least BULK_MIN_SHARE of the table after the write."""
    if rows < BULK_MIN_ROWS:
        return False
    kept = max(table_rows - deleted, 0)
    return rows >= BULK_MIN_SHARE * (kept + rows)


def _bulk_worth_it(cursor, *, sql: str, params: dict, deleted: int) -> bool:
    """`bulk_pays` with the planner's estimate of the batch's rows and the table's (pg_class)."""
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    rows = plan[0]["Plan"]["Plans"][0]["Plan Rows"]
    if rows < BULK_MIN_ROWS:
        return False
    cursor.execute(f"SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = '{TABLE}'::regclass")
    return bulk_pays(rows=rows, table_rows=cursor.fetchone()[0], deleted=deleted)


def index_insert(*, sql: str, params: dict, deleted: int, large: bool) -> int:
    """Run the index's INSERT … SELECT `sql` (with an `{order}` slot); returns the rows written.

    `deleted`: rows the caller's DELETE just removed; `large`: whether the batch may be large
    enough for a bulk load (a small `ids` list never is: no estimate is paid for it).
    """
    ordered = sql.format(order="ORDER BY 1, 2, 3")
    with connection.cursor() as cursor, _statement_settings(cursor):
        if in_bulk_load():
            # No b-tree to append to: the order would be a sort for nothing.
            cursor.execute(sql.format(order=""), params)
            return cursor.rowcount
        if large and _bulk_worth_it(cursor, sql=ordered, params=params, deleted=deleted):
            with index_bulk():
                cursor.execute(sql.format(order=""), params)
                return cursor.rowcount
        cursor.execute(ordered, params)
        return cursor.rowcount
