"""How the area index is written (areas.index_write): the same rows by the same rule whether a
batch is written into the indexed table or as a bulk load; a re-run writes the same rows; a
failing batch leaves nothing; the bulk path is taken exactly when the batch is large enough."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import GeometryCollection, LineString, MultiPoint, MultiPolygon, Point, Polygon
from django.db import DataError, IntegrityError, connection, transaction

from areas import index_write
from areas.located import _INSERT as located_insert_template
from areas.located import MIN_OVERLAP_SHARE, located_refresh
from areas.models import Area, AreaMembership, DivisionType
from cases.models import Case
from tests.cases import factories

pytestmark = pytest.mark.django_db

# Two divisions over the same ground at the station: "a" cut into two squares side by side,
# "b" one square across their shared boundary (an overlapping division).
X, Y, SIDE = round(factories.STATION_3067.x), round(factories.STATION_3067.y), 1000.0


def at(dx: float, dy: float) -> Point:
    return Point(X + dx, Y + dy, srid=3067)


def box(x0: float, x1: float, y0: float = 0.0, y1: float = SIDE) -> Polygon:
    return Polygon.from_bbox((X + x0, Y + y0, X + x1, Y + y1))


@pytest.fixture
def squares():
    a = DivisionType.objects.create(slug="testi-a", name="A")
    b = DivisionType.objects.create(slug="testi-b", name="B")
    for division, code, polygon in ((a, "A1", box(0, SIDE)), (a, "A2", box(SIDE, 2 * SIDE)),
                                    (b, "B1", box(SIDE / 2, 1.5 * SIDE))):  # fmt: skip
        polygon.srid = 3067
        Area.objects.create(division=division, code=code, name=code, geometry=MultiPolygon(polygon, srid=3067))


def rows(case: Case) -> set[tuple[str, bool]]:
    found = AreaMembership.objects.filter(object_id=case.pk, content_type__model="case")
    return {(r.area.code, r.covers) for r in found.select_related("area")}


def placed(geometry) -> Case:
    """A case at `geometry`, written past the services' checks (the index's rule is under test,
    and a point outside every area lies outside Helsinki, which the services refuse)."""
    case = factories.case()
    Case.objects.filter(pk=case.pk).update(geometry=geometry)
    return case


def every_row() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT content_type_id, object_id, area_id, division_id, covers FROM areas_areamembership")
        return set(cursor.fetchall())


def area_item_index_oid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'areamembership_area_item'::regclass::oid")
        return cursor.fetchone()[0]


@pytest.fixture(params=["indexed", "bulk"])
def path(request, monkeypatch):
    """Every refresh of all cases written into the indexed table, or as a bulk load."""
    if request.param == "bulk":
        monkeypatch.setattr(index_write, "BULK_MIN_ROWS", 0)
        monkeypatch.setattr(index_write, "BULK_MIN_SHARE", 0.0)
    else:
        monkeypatch.setattr(index_write, "BULK_MIN_ROWS", 10**12)
    return request.param


def sliver_polygon() -> Polygon:
    # Shares a strip 5 m wide with A1: less than MIN_OVERLAP_SHARE of the polygon's own surface.
    polygon = box(SIDE - 5, 2 * SIDE - 5, 100, 900)
    assert (5 * 800) < MIN_OVERLAP_SHARE * polygon.area
    return polygon


CASES = {
    "inside A1 only": (at(250, 500), {("A1", True)}),
    "on the boundary of A1 and A2, inside B1": (at(SIDE, 500), {("A1", True), ("A2", True), ("B1", True)}),
    "on B1's outer boundary": (at(1.5 * SIDE, 500), {("A2", True), ("B1", True)}),
    "just inside B1": (at(1.5 * SIDE - 0.01, 500), {("A2", True), ("B1", True)}),
    "just outside B1": (at(1.5 * SIDE + 0.01, 500), {("A2", True)}),
    "outside every area": (at(5000, 5000), set()),
    "two points in two squares": (MultiPoint(at(250, 500), at(1750, 500), srid=3067), {("A1", False), ("A2", False)}),
    "a line across both boundaries": (
        LineString(at(250, 500).coords, at(1750, 500).coords, srid=3067),
        {("A1", False), ("A2", False), ("B1", False)},
    ),
    "a polygon sharing a sliver with A1": (sliver_polygon(), {("A2", False), ("B1", False)}),
    "a point in A1 and that polygon": (
        GeometryCollection(at(250, 500), sliver_polygon(), srid=3067),
        {("A1", False), ("A2", False), ("B1", False)},
    ),
}


def test_the_rows_follow_the_rule_on_either_path(squares, path):
    cases = {name: placed(geometry) for name, (geometry, _) in CASES.items()}
    before = area_item_index_oid()
    with transaction.atomic():
        assert located_refresh(model=Case) == len(every_row())
    assert {name: rows(case) for name, case in cases.items()} == {name: want for name, (_, want) in CASES.items()}
    # The bulk path rebuilt the b-trees (a new index), the indexed path wrote into them.
    assert (area_item_index_oid() != before) == (path == "bulk")


def test_both_paths_write_the_same_rows_and_a_rerun_the_same_again(squares, monkeypatch):
    for geometry, _ in CASES.values():
        placed(geometry)
    monkeypatch.setattr(index_write, "BULK_MIN_ROWS", 10**12)
    with transaction.atomic():
        located_refresh(model=Case)
    indexed = every_row()
    monkeypatch.setattr(index_write, "BULK_MIN_ROWS", 0)
    monkeypatch.setattr(index_write, "BULK_MIN_SHARE", 0.0)
    for _ in range(2):
        with transaction.atomic():
            located_refresh(model=Case)
        assert every_row() == indexed


def test_a_failing_batch_leaves_rows_indexes_and_keys_as_they_were(squares, path):
    for geometry, _ in CASES.values():
        placed(geometry)
    located_refresh(model=Case)
    before, oid = every_row(), area_item_index_oid()
    with pytest.raises(RuntimeError, match="after the index"), transaction.atomic():
        Case.objects.update(geometry=at(5000, 5000))
        located_refresh(model=Case)
        assert every_row() != before
        raise RuntimeError("after the index")
    assert every_row() == before
    assert area_item_index_oid() == oid


def test_a_row_whose_area_is_gone_fails_the_bulk_load(squares):
    # The area key is dropped during a bulk load; added back NOT VALID and validated, it still
    # refuses the transaction a row of a missing area.
    case = placed(at(250, 500))
    located_refresh(model=Case, ids=[case.pk])
    with pytest.raises(IntegrityError, match="areamembership"), transaction.atomic():
        with index_write.index_bulk(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers) "
                "SELECT content_type_id, object_id, -1, division_id, covers FROM areas_areamembership "
                "WHERE object_id = %s LIMIT 1",
                [case.pk],
            )
    assert not AreaMembership.objects.filter(area_id=-1).exists()


def test_a_small_ids_refresh_never_asks_for_an_estimate(squares, monkeypatch):
    monkeypatch.setattr(index_write, "BULK_MIN_ROWS", 0)
    monkeypatch.setattr(index_write, "BULK_MIN_SHARE", 0.0)
    case = placed(at(SIDE, 500))
    oid = area_item_index_oid()
    with transaction.atomic():
        located_refresh(model=Case, ids=[case.pk])
    assert rows(case) == {("A1", True), ("A2", True), ("B1", True)}
    assert area_item_index_oid() == oid


class TestBulkPays:
    """The break-even: at least BULK_MIN_ROWS rows, at least BULK_MIN_SHARE of the table after the write."""

    def test_rows_at_the_limit(self):
        rows = index_write.BULK_MIN_ROWS
        assert index_write.bulk_pays(rows=rows, table_rows=0, deleted=0)
        assert index_write.bulk_pays(rows=rows + 1, table_rows=0, deleted=0)
        assert not index_write.bulk_pays(rows=rows - 1, table_rows=0, deleted=0)

    def test_share_at_the_limit(self):
        rows = 4 * index_write.BULK_MIN_ROWS
        share = index_write.BULK_MIN_SHARE
        kept_at_limit = rows / share - rows  # rows / (kept + rows) == share
        assert index_write.bulk_pays(rows=rows, table_rows=kept_at_limit, deleted=0)
        assert index_write.bulk_pays(rows=rows, table_rows=kept_at_limit - 1, deleted=0)
        assert not index_write.bulk_pays(rows=rows, table_rows=kept_at_limit + 1, deleted=0)

    def test_the_rows_a_batch_replaces_do_not_count_as_kept(self):
        rows = 4 * index_write.BULK_MIN_ROWS
        kept_at_limit = rows / index_write.BULK_MIN_SHARE - rows
        assert not index_write.bulk_pays(rows=rows, table_rows=kept_at_limit + rows, deleted=0)
        assert index_write.bulk_pays(rows=rows, table_rows=kept_at_limit + rows, deleted=rows)


def test_the_transaction_gets_its_settings_and_deferred_keys_back(squares, path):
    placed(at(250, 500))
    reached = False
    with pytest.raises(IntegrityError, match="areamembership"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on; SET LOCAL work_mem = '5MB'; SET LOCAL maintenance_work_mem = '70MB'")
        located_refresh(model=Case)
        cursor.execute("SELECT current_setting('jit'), current_setting('work_mem'), current_setting('maintenance_work_mem')")
        assert cursor.fetchone() == ("on", "5MB", "70MB")
        # The area key is deferred again: a row of a missing area fails when the checks run
        # (at commit; here the test's own transaction is still open, so they are run by hand).
        cursor.execute(
            "INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers) "
            "SELECT content_type_id, object_id + 1, -1, division_id, covers FROM areas_areamembership LIMIT 1"
        )
        reached = True
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert reached


def test_an_error_in_the_statement_is_the_error_raised(squares, path, monkeypatch):
    placed(at(250, 500))
    # The index's INSERT made to fail on its first row (after planning, as a real failure would).
    failing = located_insert_template.replace("area.id, area.division_id,", "area.id, area.division_id / 0,")
    assert failing != located_insert_template
    monkeypatch.setattr("areas.located._INSERT", failing)
    with pytest.raises(DataError, match="division by zero"), transaction.atomic():
        located_refresh(model=Case)
