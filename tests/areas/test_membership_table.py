"""The area index's table: no index a bulk write pays for twice, and deletes still reach its rows."""

import pytest
from django.db import IntegrityError, connection, transaction

from areas.models import Area, AreaMembership, DivisionType
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")


def btree_columns() -> dict[str, tuple[str, ...]]:
    """index name -> its columns, for areas_areamembership."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, array_agg(a.attname ORDER BY k.ord)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
            WHERE x.indrelid = 'areas_areamembership'::regclass
            GROUP BY i.relname
            """
        )
        return {name: tuple(columns) for name, columns in cursor.fetchall()}


def test_no_index_is_a_prefix_of_another():
    indexes = btree_columns()
    redundant = {
        name
        for name, columns in indexes.items()
        for other, longer in indexes.items()
        if other != name and len(columns) < len(longer) and longer[: len(columns)] == columns
    }
    assert redundant == set()
    # What the reads need is still there: an item's rows, an area's items, a division's rows.
    assert ("content_type_id", "object_id", "area_id") in indexes.values()
    assert ("area_id", "content_type_id", "object_id") in indexes.values()
    assert ("division_id",) in indexes.values()


def test_an_item_lookup_uses_an_index():
    case = factories.case(geometry=factories.STATION_3067)
    row = AreaMembership.objects.filter(object_id=case.pk).values("content_type_id", "area_id", "division_id").first()
    with connection.cursor() as cursor:
        # Rows of other items and fresh statistics: on a near-empty table any index costs the same
        # to the planner, and it chose between them by chance.
        cursor.execute(
            "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers)"
            " SELECT %s, g, %s, %s, false FROM generate_series(%s, %s) g",
            [row["content_type_id"], row["area_id"], row["division_id"], case.pk + 1, case.pk + 5000],
        )
        cursor.execute("ANALYZE areas_areamembership")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT area_id FROM areas_areamembership WHERE content_type_id = %s AND object_id = %s",
            [AreaMembership.objects.filter(object_id=case.pk).values_list("content_type_id", flat=True)[0], case.pk],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "areamembership_unique_item_area" in plan


def test_an_area_with_rows_cannot_be_deleted_behind_djangos_back():
    factories.case(geometry=factories.STATION_3067)
    area_id = AreaMembership.objects.values_list("area_id", flat=True).first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM areas_area WHERE id = %s", [area_id])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_deleting_a_divisions_areas_deletes_its_rows_and_then_the_division_goes():
    # Area.division protects a division that has areas, so the rows' division_id (no database
    # check any more) can only point at a division whose areas still hold them.
    case = factories.case(geometry=factories.STATION_3067)
    division = DivisionType.objects.get(slug="osa-alue")
    assert AreaMembership.objects.filter(object_id=case.pk, division=division).exists()
    Area.objects.filter(division=division).delete()
    division.delete()
    assert not AreaMembership.objects.filter(division_id=division.pk).exists()
    assert AreaMembership.objects.filter(object_id=case.pk).exists()
