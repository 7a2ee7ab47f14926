"""The demo areas, built once per test session and copied in by one INSERT per test.

Building them (areas.demo.demo_divisions_load: the fixture's geometry, parent links, some 1 200
queries) costs about 0.7 s, and half the suite's tests ask for them. The session
builds them once, keeps their rows in a plain table of the test database beside
Django's own (a flush by a transactional test leaves it alone, since it is no
model's table) and removes them again, so that the tests which do not ask for
demo areas still start from none. Each test that asks copies the rows in inside
its own transaction, which rolls back with it.

The rows keep their ids (the parent links point at them) but name their division
by slug: a transactional test's flush re-creates the division types with new ids.
"""

from __future__ import annotations

from django.db import connection, transaction

from areas.demo import DEMO_SOURCE, demo_divisions_load
from areas.located import located_refresh_areas
from areas.models import Area, DivisionType

SNAPSHOT = "test_demo_areas_snapshot"
DEMO_DIVISIONS = ("suurpiiri", "peruspiiri", "osa-alue")


def _columns() -> list[str]:
    return [field.column for field in Area._meta.concrete_fields if field.column != "division_id"]


def demo_snapshot_build() -> None:
    """Load the demo areas, keep their rows in SNAPSHOT, and delete them again (committed)."""
    columns = ", ".join(f"a.{connection.ops.quote_name(c)}" for c in _columns())
    with transaction.atomic(), connection.cursor() as cursor:
        demo_divisions_load()
        cursor.execute(f"DROP TABLE IF EXISTS {SNAPSHOT}")
        cursor.execute(
            f"CREATE TABLE {SNAPSHOT} AS SELECT {columns}, d.slug AS division_slug "
            "FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id "
            "WHERE a.source = %s AND d.slug = ANY(%s)",
            [DEMO_SOURCE, list(DEMO_DIVISIONS)],
        )
        cursor.execute(f"DELETE FROM areas_area WHERE id IN (SELECT id FROM {SNAPSHOT})")


def demo_snapshot_restore() -> None:
    """Copy the demo areas in (inside the calling test's transaction), and index
    against them whatever located content the test has already made."""
    names = _columns()
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    values = ", ".join(f"s.{connection.ops.quote_name(c)}" for c in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO areas_area ({columns}, division_id) SELECT {values}, d.id "
            f"FROM {SNAPSHOT} s JOIN areas_divisiontype d ON d.slug = s.division_slug"
        )
        # Ids made after this come from the sequence, which must never hand out a demo id.
        cursor.execute(
            "SELECT setval(seq, GREATEST((SELECT max(id) FROM {0}), nextval(seq))) "
            "FROM pg_get_serial_sequence('areas_area', 'id') seq".format(SNAPSHOT)
        )
    for division in DivisionType.objects.filter(slug__in=DEMO_DIVISIONS):
        located_refresh_areas(division=division)
