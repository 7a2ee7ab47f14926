"""The city's land area: where a pothole can be.

Helsinki's official divisions cannot tell land from water: they cover the
city's sea area too (the real osa-alue Aluemeri is sea only, and Länsisaaret's
110 km² are almost all water), and so do the demo's, which are the real ones
simplified. The land area is therefore a
layer of its own: the polygons of the GeoJSON file settings.CITY_LAND_FILE
(a FeatureCollection, a Feature or a bare geometry, in one of the allowed CRSs;
without a `crs` member lon/lat). The demo ships an approximate one
(`fixtures/demo/land.geojson`, made by `manage.py derive_demo_divisions`); production points the setting at the city's
land layer, or sets it empty to treat the whole city as land.

The layer is read once per process and kept as a prepared GEOS geometry: a
point is tested against one fixed polygon, with no table to keep in step with
the file. Feedback refuses a request off land unless its service allows water
(feedback.services).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point
from django.contrib.gis.geos.prepared import PreparedGeometry

from .geometry import geojson_crs, to_projection


class LandFileError(ValueError):
    """CITY_LAND_FILE names a file that is not a polygon layer; str() says which and why."""


def land_area() -> GEOSGeometry | None:
    """The city's land area in settings.PROJECTION_SRID, or None when no land layer is configured."""
    land = _land(str(settings.CITY_LAND_FILE or ""))
    return land and land[0]


def point_on_land(point: Point) -> bool:
    """Whether `point` (any allowed SRID) lies in the city's land area, its shore included;
    always True when no land layer is configured."""
    land = _land(str(settings.CITY_LAND_FILE or ""))
    return land is None or land[1].covers(to_projection(point))


@lru_cache(maxsize=4)
def _land(path: str) -> tuple[GEOSGeometry, PreparedGeometry] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LandFileError(f"CITY_LAND_FILE {path}: {exc}") from None
    srid = geojson_crs(data) or 4326
    features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    parts = []
    for feature in features:
        geometry = feature.get("geometry", feature) if feature.get("type") == "Feature" else feature
        geom = GEOSGeometry(json.dumps(geometry))
        geom.srid = srid  # GEOS reads GeoJSON as 4326; the file's crs member says otherwise
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise LandFileError(f"CITY_LAND_FILE {path}: {geom.geom_type} is not a polygon.")
        parts.append(to_projection(geom))
    if not parts:
        raise LandFileError(f"CITY_LAND_FILE {path}: no polygons.")
    union = parts[0]
    for part in parts[1:]:
        union = union.union(part)
    return union, union.prepared
