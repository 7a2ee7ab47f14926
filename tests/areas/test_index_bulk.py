"""The bulk load of the area index (areas.index_write: large batches, the bench's 100x data) writes
the rows the service writes and leaves the table's indexes and keys as they were."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from areas.located import located_refresh
from areas.index_write import index_bulk
from cases.models import Case

pytestmark = pytest.mark.django_db

CATALOG = """
    SELECT 'index', pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'areas_areamembership'::regclass
    UNION ALL
    SELECT 'constraint ' || conname, pg_get_constraintdef(oid) || ' valid=' || convalidated
    FROM pg_constraint WHERE conrelid = 'areas_areamembership'::regclass
"""
ROWS = "SELECT content_type_id, object_id, area_id, division_id, covers FROM areas_areamembership"


def fetch(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def test_bulk_load_writes_the_service_rows_and_restores_indexes_and_keys():
    call_command("load_demo_data", verbosity=0)
    call_command("load_demo_cases", verbosity=0)
    catalog, rows = fetch(CATALOG), fetch(ROWS)
    assert len([entry for entry in catalog if entry[0] == "index"]) == 4 and len(rows) > 100

    with transaction.atomic(), index_bulk():
        # Inside, only the primary key is left: no b-tree or key check per row.
        assert fetch(CATALOG) == {e for e in catalog if "pkey" in e[1] or "PRIMARY KEY" in e[1] or "CHECK" in e[1]}
        assert located_refresh(model=Case) > 0
    assert fetch(ROWS) == rows
    assert fetch(CATALOG) == catalog

    # The restored unique constraint and area key hold again.
    row = next(iter(rows))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers) "
            "VALUES (%s, %s, %s, %s, %s)", row,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers) "
            "VALUES (%s, %s, -1, %s, true)", [row[0], row[1], row[3]],
        )  # fmt: skip
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
