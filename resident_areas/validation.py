"""The rules a resident area's geometry must meet, stricter than an import's.

`resident_geometry_clean` takes polygonal geometry in any allowed SRID and
returns it valid, in settings.PROJECTION_SRID and clipped to the city
(areas.boundary: the union of the official areas), or raises GeometryError with
one of the messages below. Repair and clipping are reported to the user, never
silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext_lazy as _

from areas.boundary import helsinki_boundary
from areas.geometry import MSG_GEOMETRY_OUTSIDE, MSG_GEOMETRY_TOO_COMPLEX, GeometryError, clean_polygonal

MIN_AREA_M2 = getattr(settings, "RESIDENT_AREA_MIN_M2", 1_000.0)
MAX_AREA_M2 = getattr(settings, "RESIDENT_AREA_MAX_M2", 100_000_000.0)
MAX_VERTICES = getattr(settings, "RESIDENT_AREA_MAX_VERTICES", 10_000)
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
    # Empty, kind, CRS transform, make_valid; what lies outside Helsinki is cut away below.
    clean = clean_polygonal(geometry, check_extent=False)
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
    """(geometry ∩ Helsinki, share cut away); None when nothing is left.

    Helsinki is areas.boundary's: the union of the official areas, or the box
    while none are loaded (then nothing is cut, and outside the box is refused)."""
    clipped = helsinki_boundary().clip(geometry)
    if clipped is None:
        return None, 1.0
    return clipped, max(0.0, 1.0 - clipped.area / geometry.area)
