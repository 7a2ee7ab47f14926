"""The area index (`areas_areamembership`) written as a bulk load, for the bench's 100x data.

No models here: the tests run it on the test database without the bench app."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def index_bulk():
    """The area index written as a bulk load: its b-trees and its area key are
    dropped before and rebuilt after (from pg_catalog's own definitions).

    At 100x the index grows by ~25 million rows. Written row by row into three
    b-trees, with a foreign-key check each, that took longer than the whole bench
    budget (bench/RESULTS.md); one sort per b-tree and one join to validate the
    key afterwards are several times faster. The rows are the service's own
    (`located_refresh`): only the order of the work changes. The bench's own
    database only; the service never does this.
    """
    with connection.cursor() as cursor:
        # The table cannot be altered while checks of earlier writes in this transaction are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'areas_areamembership'::regclass AND contype IN ('u', 'f')"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = 'areas_areamembership'::regclass AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE areas_areamembership DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            if definition.startswith("FOREIGN KEY"):
                # NOT VALID, then VALIDATE: one join over the table instead of a check per row.
                cursor.execute(f'ALTER TABLE areas_areamembership ADD CONSTRAINT "{name}" {definition} NOT VALID')
                cursor.execute(f'ALTER TABLE areas_areamembership VALIDATE CONSTRAINT "{name}"')
            else:
                cursor.execute(f'ALTER TABLE areas_areamembership ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("RESET maintenance_work_mem")
