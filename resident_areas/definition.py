"""The one way from what a person gave (drawn GeoJSON, a file, picked areas) to a geometry.

Shared by the API's serializer and the pages' form, so that both accept and
refuse the same input with the same messages. Raises GeometryError.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import parsing
from .models import ResidentAreaSource
from .services import DefinedGeometry, geometry_from_areas


def definition_from_areas(*, area_ids: Sequence[int]) -> tuple[DefinedGeometry, dict[str, str]]:
    """Official areas joined; the names found: none."""
    return geometry_from_areas(area_ids=area_ids), {}


def definition_from_upload(*, upload, srid: object | None = None) -> tuple[DefinedGeometry, dict[str, str]]:
    """An uploaded GeoJSON or KML file, size checked before it is read whole; the names the file
    gives by language ("fi", "sv"), empty where it gives none."""
    parsing.check_size(upload.size)
    parsed = parsing.parse_file(upload.read(parsing.MAX_BYTES + 1), srid=srid, name=upload.name or "")
    return DefinedGeometry(parsed.geometry, ResidentAreaSource.FILE), {"fi": parsed.name, "sv": parsed.name_sv}


def definition_from_geojson(
    *, value: object, srid: object | None = None, source: str = ResidentAreaSource.DRAWN
) -> tuple[DefinedGeometry, dict[str, str]]:
    """GeoJSON drawn on the map (or, on the pages, carried on from a preview)."""
    parsed = parsing.parse_geojson(value, srid=srid)
    return DefinedGeometry(parsed.geometry, source), {"fi": parsed.name, "sv": parsed.name_sv}
