"""load_demo_data on a database an earlier release filled: its Voronoi demo areas
are replaced by the city's boundaries; areas from other sources stay."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import call_command

from areas.demo import DEMO_SOURCE, EARLIER_DEMO_SOURCES
from areas.models import Area, DivisionType


def _square(x: float, y: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((x, y, x + 100, y + 100)), srid=settings.PROJECTION_SRID)


def test_an_earlier_demo_area_is_replaced_and_another_source_kept(db):
    osa_alue = DivisionType.objects.get(slug="osa-alue")
    old = Area.objects.create(
        division=osa_alue, code="020", name_fi="Kluuvi", name="Kluuvi", is_approximate=True,
        source=EARLIER_DEMO_SOURCES[0], geometry=_square(385_000, 6_672_000),
    )
    imported = Area.objects.create(
        division=osa_alue, code="010", name_fi="Kruununhaka", name="Kruununhaka", source="osaalue.gpkg",
        geometry=_square(386_000, 6_673_000),
    )
    call_command("load_demo_data", verbosity=0)
    old.refresh_from_db()
    assert (old.source, old.is_approximate) == (DEMO_SOURCE, False)
    assert old.geometry.area > 100 * 100 * 10  # Kluuvi's real outline, not the old square
    imported.refresh_from_db()
    assert imported.source == "osaalue.gpkg" and imported.geometry.equals(_square(386_000, 6_673_000))
