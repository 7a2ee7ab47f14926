"""Linking parents must leave the areas' spatial index whole.

On PostgreSQL 15 with PostGIS 3.3 (Debian 12's packages), an UPDATE of areas_area
whose subquery scanned areas_area's own GiST index, run after rolled-back inserts had
left dead entries in that index, lost index entries of live rows: the point lookup and
every `&&` query then missed those areas while a sequential scan found them (see
areas.services.areas_link_parents). A failed import followed by a good one is exactly
that sequence. The layout below is one that lost 8 of 189 entries before the fix.
"""

from __future__ import annotations

import random

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection, transaction

from areas.models import Area, DivisionType
from areas.services import areas_link_parents

pytestmark = pytest.mark.django_db

X0, Y0 = 376000, 6656000


def _box(x: float, y: float, w: float, h: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((x, y, x + w, y + h)), srid=3067)


def _areas_not_found_through_the_index() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # id + 0: the primary key's index must not answer instead of the GiST one.
        cursor.execute(
            """
            SELECT a.code FROM areas_area a
            WHERE NOT EXISTS (
                SELECT 1 FROM areas_area b WHERE b.geometry && a.geometry AND b.id + 0 = a.id + 0
            )
            """
        )
        missing = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = on")
        cursor.execute("SET LOCAL enable_bitmapscan = on")
    return missing


def test_a_failed_import_then_linking_parents_loses_no_index_entry():
    suurpiiri, peruspiiri, osa_alue = (DivisionType.objects.get(slug=s) for s in ("suurpiiri", "peruspiiri", "osa-alue"))
    rng = random.Random(2)
    # A fresh, empty table and index whatever earlier tests left in them (the test's
    # transaction rolls the truncation back).
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE areas_area CASCADE")

    # An import that failed: its rows are rolled back, their index entries stay until vacuum.
    with pytest.raises(RuntimeError), transaction.atomic():
        for i in range(79):
            geometry = _box(384000 + rng.randrange(0, 4) * 1000, 6672000 + rng.randrange(0, 3) * 1000, 1000 * rng.choice([1, 2]), 1000)
            Area.objects.create(division=osa_alue, code=f"failed-{i}", name=f"Failed {i}", geometry=geometry)
        raise RuntimeError("the import stopped")

    parents = [(X0 + i * 7000, Y0 + j * 9000, 7000, 9000) for i in range(4) for j in range(2)]
    middles = []
    for x, y, w, h in parents:
        n = rng.choice([4, 5])
        middles += [(x + k * w / n, y, w / n, h) for k in range(n)]
    middles = middles[:34]
    smalls = []
    for x, y, w, h in middles:
        n = rng.choice([4, 5])
        smalls += [(x, y + k * h / n, w, h / n) for k in range(n)]
    smalls = smalls[:147]
    for division, boxes in ((suurpiiri, parents), (peruspiiri, middles), (osa_alue, smalls)):
        for i, box in enumerate(boxes):
            Area.objects.create(division=division, code=f"{division.slug}-{i}", name=f"{division.slug} {i}", geometry=_box(*box))

    areas_link_parents(division=peruspiiri)
    areas_link_parents(division=osa_alue)

    assert Area.objects.count() == len(parents) + len(middles) + len(smalls)
    assert Area.objects.filter(division=peruspiiri, parent__isnull=True).count() == 0
    assert Area.objects.filter(division=osa_alue, parent__isnull=True).count() == 0
    assert _areas_not_found_through_the_index() == []
