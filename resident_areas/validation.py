"""The rules a resident area's geometry must meet, stricter than an import's.

`resident_geometry_clean` takes polygonal geometry in any allowed SRID and
returns it valid, in settings.PROJECTION_SRID and clipped to the city (the
union of the official suurpiirit, or of the osa-alueet when no suurpiirit are
loaded), or raises GeometryError with one of the messages below. Repair and
clipping are reported to the user, never silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import connection
from django.utils.translation import gettext_lazy as _

from areas.geometry import MSG_GEOMETRY_OUTSIDE, MSG_GEOMETRY_TOO_COMPLEX, GeometryError, clean_polygonal
from areas.models import Area

MIN_AREA_M2 = getattr(settings, "RESIDENT_AREA_MIN_M2", 1_000.0)
MAX_AREA_M2 = getattr(settings, "RESIDENT_AREA_MAX_M2", 100_000_000.0)
MAX_VERTICES = getattr(settings, "RESIDENT_AREA_MAX_VERTICES", 10_000)
# Divisions whose union is the city's land and sea area, the first one loaded wins.
CITY_DIVISIONS = ("suurpiiri", "osa-alue")
# Less than this share cut away is rounding at shared boundaries, not clipping.
CLIP_TOLERANCE = 1e-6

MSG_TOO_SMALL = _("The area is {area:.0f} m²; a resident area must be at least {limit:.0f} m².")
MSG_TOO_LARGE = _("The area is {area:.1f} km²; a resident area may be at most {limit:.0f} km².")
MSG_OUTSIDE_HELSINKI = MSG_GEOMETRY_OUTSIDE
MSG_TOO_COMPLEX = MSG_GEOMETRY_TOO_COMPLEX
MSG_REPAIRED = _("The geometry was invalid (e.g. its boundary crossed itself) and was repaired.")
MSG_CLIPPED = _("The parts outside Helsinki ({share:.1%} of the area) were cut away.")


@dataclass(frozen=True)
class CleanResidentGeometry:
    geometry: MultiPolygon
    repaired: bool
    clipped: bool
    notices: tuple[str, ...]


def resident_geometry_clean(*, geometry: GEOSGeometry) -> CleanResidentGeometry:
    if geometry.num_coords > MAX_VERTICES:
        raise GeometryError(MSG_TOO_COMPLEX.format(count=geometry.num_coords, limit=MAX_VERTICES))
    clean = clean_polygonal(geometry)  # empty, kind, CRS transform, make_valid, Helsinki's extent
    clipped_geometry, removed_share = _clip_to_city(clean.geometry)
    if clipped_geometry is None:
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    area = clipped_geometry.area
    if area < MIN_AREA_M2:
        raise GeometryError(MSG_TOO_SMALL.format(area=area, limit=MIN_AREA_M2))
    if area > MAX_AREA_M2:
        raise GeometryError(MSG_TOO_LARGE.format(area=area / 1e6, limit=MAX_AREA_M2 / 1e6))
    clipped = removed_share > CLIP_TOLERANCE
    notices = []
    if clean.repaired:
        notices.append(str(MSG_REPAIRED))
    if clipped:
        notices.append(str(MSG_CLIPPED.format(share=removed_share)))
    return CleanResidentGeometry(
        geometry=clipped_geometry if clipped else clean.geometry,
        repaired=clean.repaired,
        clipped=clipped,
        notices=tuple(notices),
    )


def _clip_to_city(geometry: MultiPolygon) -> tuple[MultiPolygon | None, float]:
    """(geometry ∩ the city, share cut away), in PostGIS; None when nothing is left.

    Without any official areas loaded there is no outline to clip to, and the
    extent check of clean_polygonal is all there is.
    """
    division_id = (
        Area.objects.filter(division__slug__in=CITY_DIVISIONS, division__is_official=True)
        .order_by("division__level")
        .values_list("division_id", flat=True)
        .first()
    )
    if division_id is None:
        return geometry, 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH city AS (SELECT ST_Union(geometry) AS g FROM areas_area WHERE division_id = %(division)s),
                 given AS (SELECT ST_GeomFromEWKB(%(geom)s) AS g),
                 cut AS (
                     SELECT ST_Multi(ST_CollectionExtract(ST_Intersection(given.g, city.g), 3)) AS g
                     FROM given, city
                 )
            SELECT ST_AsEWKB(cut.g), ST_Area(cut.g), ST_Area(given.g) FROM cut, given
            """,
            {"division": division_id, "geom": bytes(geometry.ewkb)},
        )
        wkb, kept, total = cursor.fetchone()
    if not kept:
        return None, 1.0
    result = GEOSGeometry(memoryview(wkb))
    if result.srid is None:
        result.srid = settings.PROJECTION_SRID
    return result, max(0.0, 1.0 - kept / total)
