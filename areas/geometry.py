"""The service's spatial policy, in one place.

Every app checks geometry from outside with these functions, so that the SRID
allowlist, Helsinki's boundary (areas.boundary) and the repair rules are the same
everywhere.

CRS strings from users are matched with regular expressions against the
allowlist and never handed to GDAL's spatial-reference parser: Debian's GDAL is
older than 3.9 and its parser can read files and URLs.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.gdal import CoordTransform, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point, Polygon, WKBWriter
from django.utils.translation import gettext_lazy as _

# Validation messages are constants: the tests assert on them.
MSG_SRID_NOT_ALLOWED = _("Unsupported coordinate reference system {value!r}: use one of {allowed}.")
MSG_GEOMETRY_EMPTY = _("The geometry is empty.")
MSG_GEOMETRY_NO_AREA = _("The polygon has no area: its points lie on a line.")
MSG_GEOMETRY_NOT_POLYGONAL = _("The geometry must be a polygon or multipolygon, not {kind}.")
MSG_GEOMETRY_OUTSIDE = _("The geometry lies outside Helsinki.")
MSG_GEOMETRY_TOO_COMPLEX = _("The geometry has {count} vertices; at most {limit} are accepted.")
MSG_TRANSFORM_FAILED = _("The coordinates cannot be transformed from EPSG:{srid}; are they in that CRS?")
MSG_COORDINATES_OUT_OF_RANGE = _("The coordinates ({x}, {y}) are out of range for EPSG:{srid}.")
MSG_GEOMETRY_INVALID = _("The geometry is invalid and could not be repaired: {reason}")

# EPSG:4326 with lon/lat order, as OGC writes it; GeoJSON's default.
_CRS84 = re.compile(r"^(?:urn:ogc:def:crs:OGC:(?:1\.3:)?CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84|CRS84)$", re.I)
_EPSG = re.compile(
    r"^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/0/"
    r"|https?://www\.opengis\.net/gml/srs/epsg\.xml#)?(\d{1,6})$",
    re.I,
)


class GeometryError(ValueError):
    """Geometry or CRS from outside that the service refuses; str() is for people."""


def allowed_srids_text() -> str:
    return ", ".join(f"EPSG:{srid}" for srid in settings.ALLOWED_SRIDS)


def parse_srid(value: object) -> int:
    """The EPSG code named by `value` (an int, "3067", "EPSG:3067", an OGC URN or URI).

    Raises GeometryError unless the code is in settings.ALLOWED_SRIDS.
    """
    text = str(value).strip()
    if _CRS84.match(text):
        return 4326
    match = _EPSG.match(text)
    if match and int(match.group(1)) in settings.ALLOWED_SRIDS:
        return int(match.group(1))
    raise GeometryError(MSG_SRID_NOT_ALLOWED.format(value=text[:100], allowed=allowed_srids_text()))


def helsinki_extent(*, margin: bool = True) -> Polygon:
    """Helsinki's bounding box in settings.PROJECTION_SRID, with the accepted margin.

    Not the rule of what is in the city (`is_within_helsinki` is): the outer limit of
    what a division import may hold (the divisions draw the boundary, so they cannot
    be checked against it), the city's place when no division is loaded, and the
    envelope of the OGC tiles."""
    xmin, ymin, xmax, ymax = settings.HELSINKI_EXTENT_3067
    pad = settings.HELSINKI_EXTENT_MARGIN_M if margin else 0.0
    box = Polygon.from_bbox((xmin - pad, ymin - pad, xmax + pad, ymax + pad))
    box.srid = 3067
    if settings.PROJECTION_SRID != 3067:
        box.transform(settings.PROJECTION_SRID)
    return box


_transforms = threading.local()


def coord_transform(source: int, target: int) -> CoordTransform:
    """The GDAL transformation from SRID `source` to `target`, built once per thread.

    `geom.transform(srid)` builds two SpatialReferences and a transformation
    from PROJ's database on every call: about 25 ms, more than a whole point
    lookup in PostGIS (bench/RESULTS.md). Using a built one takes microseconds.
    Per thread, because OGR's transformations are not safe to share between threads.
    """
    cache = _transforms.__dict__.setdefault("cache", {})
    key = (source, target)
    if key not in cache:
        cache[key] = CoordTransform(SpatialReference(source), SpatialReference(target))
    return cache[key]


def transformed(geom: GEOSGeometry, srid: int) -> GEOSGeometry:
    """A copy of `geom` in `srid` (lon/lat order for 4326), with a cached transformation."""
    if geom.srid == srid:
        return geom.clone()
    result = geom.transform(coord_transform(geom.srid, srid), clone=True)
    result.srid = srid
    return result


def to_projection(geom: GEOSGeometry) -> GEOSGeometry:
    """A copy of `geom` in settings.PROJECTION_SRID (lon/lat order for 4326)."""
    if geom.srid is None:
        raise GeometryError(_("The geometry has no coordinate reference system."))
    if geom.srid == settings.PROJECTION_SRID:
        return geom.clone()
    try:
        return transformed(geom, settings.PROJECTION_SRID)
    except GDALException:
        # PROJ refuses coordinates far outside the source CRS's area of use.
        raise GeometryError(MSG_TRANSFORM_FAILED.format(srid=geom.srid)) from None


# Where coordinates of each allowed CRS can be at all (a loose area of use, in the
# CRS's own units): values outside are mistakes, not places.
SRID_BOUNDS = {
    4326: (-180.0, -90.0, 180.0, 90.0),
    3857: (-20037508.34, -20048966.1, 20037508.34, 20048966.1),
    3067: (-500_000.0, 6_000_000.0, 1_500_000.0, 8_000_000.0),
    3879: (25_000_000.0, 6_000_000.0, 26_000_000.0, 8_000_000.0),
}


def point_from_coordinates(x: float, y: float, srid: int) -> Point:
    """A point in settings.PROJECTION_SRID from coordinates in an allowed SRID (x=lon for 4326).

    Coordinates outside the CRS's area of use raise GeometryError.
    """
    srid = parse_srid(srid)
    xmin, ymin, xmax, ymax = SRID_BOUNDS[srid]
    if not (xmin <= x <= xmax and ymin <= y <= ymax):
        raise GeometryError(MSG_COORDINATES_OUT_OF_RANGE.format(srid=srid, x=x, y=y))
    return to_projection(Point(x, y, srid=srid))


def is_within_helsinki(geom: GEOSGeometry) -> bool:
    """Whether `geom` (any SRID) lies in Helsinki: inside the city's true boundary, the
    union of its official areas, with a tolerance of a few tens of metres (areas.boundary)."""
    # areas.boundary reads the database and imports this module: imported on use.
    from .boundary import helsinki_boundary

    return helsinki_boundary().covers(to_projection(geom))


# Smaller polygons (in settings.PROJECTION_SRID's square metres) have no area.
MIN_POLYGON_AREA_M2 = 1.0


@dataclass(frozen=True)
class CleanPolygon:
    geometry: MultiPolygon
    repaired: bool


def clean_polygonal(geom: GEOSGeometry, *, check_extent: bool = True) -> CleanPolygon:
    """`geom` as a valid MultiPolygon in settings.PROJECTION_SRID.

    Invalid input is repaired with make_valid (the caller reports it); the
    polygonal parts of the result are kept, lines and points that a repair can
    leave behind are dropped. Empty, non-polygonal, over-complex or out-of-town
    geometry raises GeometryError.
    """
    if geom.empty:
        raise GeometryError(MSG_GEOMETRY_EMPTY)
    if geom.num_coords > settings.GEOMETRY_MAX_VERTICES:
        raise GeometryError(
            MSG_GEOMETRY_TOO_COMPLEX.format(count=geom.num_coords, limit=settings.GEOMETRY_MAX_VERTICES)
        )
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(MSG_GEOMETRY_NOT_POLYGONAL.format(kind=geom.geom_type))
    if geom.hasz:
        # Heights (3D exports, KML, GPS) are dropped: areas are flat, and so are their columns.
        geom = GEOSGeometry(WKBWriter(dim=2).write(geom), srid=geom.srid)
    geom = to_projection(geom)
    repaired = False
    if not geom.valid:
        reason = geom.valid_reason
        geom = geom.make_valid()
        repaired = True
        polygons = _polygons_of(geom)
        if not polygons:
            raise GeometryError(MSG_GEOMETRY_INVALID.format(reason=reason))
        geom = MultiPolygon(polygons, srid=settings.PROJECTION_SRID)
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=settings.PROJECTION_SRID)
    if geom.empty:
        raise GeometryError(MSG_GEOMETRY_EMPTY)
    # A ring whose points lie on a line keeps a few rounding-error square metres
    # after the transformation: not an area anyone drew on purpose.
    if geom.area < MIN_POLYGON_AREA_M2:
        raise GeometryError(MSG_GEOMETRY_NO_AREA)
    if check_extent and not is_within_helsinki(geom):
        raise GeometryError(MSG_GEOMETRY_OUTSIDE)
    return CleanPolygon(geometry=geom, repaired=repaired)


def _polygons_of(geom: GEOSGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.empty else []
    if isinstance(geom, MultiPolygon):
        return [p for p in geom if not p.empty]
    if geom.geom_type == "GeometryCollection":
        return [p for part in geom for p in _polygons_of(part)]
    return []


MSG_GEOMETRY_KIND = _("The geometry must be a point, line or polygon (or several of one kind), not {kind}.")
LOCATED_KINDS = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")


@dataclass(frozen=True)
class CleanGeometry:
    geometry: GEOSGeometry
    repaired: bool


def clean_located(geom: GEOSGeometry, *, check_extent: bool = True) -> CleanGeometry:
    """`geom` checked for a located item (a case's location, a space...), in settings.PROJECTION_SRID.

    Points, lines and polygons (and multi-parts of one kind) are accepted;
    invalid polygons are repaired with make_valid (the caller reports it), other
    invalid geometry, empty or over-complex geometry and geometry outside
    Helsinki (`is_within_helsinki`) raise GeometryError.
    """
    if geom.geom_type not in LOCATED_KINDS:
        raise GeometryError(MSG_GEOMETRY_KIND.format(kind=geom.geom_type))
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        clean = clean_polygonal(geom, check_extent=check_extent)
        polygon = clean.geometry
        if len(polygon) == 1 and geom.geom_type == "Polygon":
            polygon = polygon[0]
        return CleanGeometry(geometry=polygon, repaired=clean.repaired)
    if geom.empty:
        raise GeometryError(MSG_GEOMETRY_EMPTY)
    if geom.num_coords > settings.GEOMETRY_MAX_VERTICES:
        raise GeometryError(
            MSG_GEOMETRY_TOO_COMPLEX.format(count=geom.num_coords, limit=settings.GEOMETRY_MAX_VERTICES)
        )
    geom = to_projection(geom)
    if not geom.valid:
        raise GeometryError(MSG_GEOMETRY_INVALID.format(reason=geom.valid_reason))
    if check_extent and not is_within_helsinki(geom):
        raise GeometryError(MSG_GEOMETRY_OUTSIDE)
    return CleanGeometry(geometry=geom, repaired=False)


# --- GeoJSON geometry from outside -----------------------------------------------------

MSG_COORDINATE_BAD = _("A coordinate must be a pair of finite numbers, not {value}.")
MSG_RING_TOO_SHORT = _("A polygon ring needs at least four coordinates (the first repeated as the last).")
MSG_RING_NOT_CLOSED = _("A polygon ring is not closed: its first and last coordinates differ.")
MSG_GEOJSON_TYPE = _("Unknown GeoJSON geometry type {value!r}.")
MSG_GEOJSON_COORDINATES = _("The {kind}'s coordinates are not nested as GeoJSON says.")
MSG_COLLECTION_TOO_DEEP = _("GeometryCollections are nested more than {limit} levels deep.")
MSG_COORDINATES_TOO_MANY = _("The geometry has more than {limit} coordinates.")

MSG_CRS_NO_NAME = _("The GeoJSON crs member has no name.")


def geojson_crs(value: object) -> int | None:
    """The SRID named by the `crs` member of a GeoJSON object (GeoJSON 2008; RFC 7946
    dropped it), matched against the allowlist; None when there is none."""
    crs = value.get("crs") if isinstance(value, dict) else None
    if crs is None:
        return None
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        raise GeometryError(MSG_CRS_NO_NAME)
    return parse_srid(name)


# How many array levels each type's coordinates have (a position is level 0).
_GEOJSON_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
GEOJSON_MAX_COLLECTION_DEPTH = 4


def geojson_check(geometry: object, *, _level: int = 0, _count: list[int] | None = None) -> None:
    """Refuse a GeoJSON geometry object that is not what RFC 7946 says, before anything reads it.

    shapely (and GDAL) quietly close an unclosed ring and carry NaN or infinite
    coordinates into the geometry, and recurse into nested collections without
    limit: here each of those is a GeometryError that says what is wrong.
    """
    count = _count if _count is not None else [0]
    if not isinstance(geometry, dict):
        raise GeometryError(MSG_GEOJSON_TYPE.format(value=type(geometry).__name__))
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        if _level >= GEOJSON_MAX_COLLECTION_DEPTH:
            raise GeometryError(MSG_COLLECTION_TOO_DEEP.format(limit=GEOJSON_MAX_COLLECTION_DEPTH))
        parts = geometry.get("geometries")
        if not isinstance(parts, list):
            raise GeometryError(MSG_GEOJSON_COORDINATES.format(kind=kind))
        for part in parts:
            geojson_check(part, _level=_level + 1, _count=count)
        return
    if kind not in _GEOJSON_DEPTH:
        raise GeometryError(MSG_GEOJSON_TYPE.format(value=str(kind)[:40]))
    _check_coordinates(geometry.get("coordinates"), kind, _GEOJSON_DEPTH[kind], count)


def _check_coordinates(value: object, kind: str, depth: int, count: list[int]) -> None:
    if depth == 0:
        _check_position(value)
        count[0] += 1
        if count[0] > settings.GEOMETRY_MAX_VERTICES:
            raise GeometryError(MSG_COORDINATES_TOO_MANY.format(limit=settings.GEOMETRY_MAX_VERTICES))
        return
    if not isinstance(value, list):
        raise GeometryError(MSG_GEOJSON_COORDINATES.format(kind=kind))
    # A ring is a list of positions inside a Polygon (depth 1 below it).
    is_ring = kind in ("Polygon", "MultiPolygon") and depth == 1
    if is_ring and len(value) < 4:
        raise GeometryError(MSG_RING_TOO_SHORT)
    for item in value:
        _check_coordinates(item, kind, depth - 1, count)
    if is_ring and value[0][:2] != value[-1][:2]:
        raise GeometryError(MSG_RING_NOT_CLOSED)


def _check_position(value: object) -> None:
    if isinstance(value, list) and len(value) in (2, 3) and all(_finite(c) for c in value):
        return
    raise GeometryError(MSG_COORDINATE_BAD.format(value=repr(value)[:60]))


def _finite(number: object) -> bool:
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return False
    try:
        return math.isfinite(number)
    except OverflowError:  # an int too large for a float
        return False


# --- Geometry as text (admin map widgets) --------------------------------------------------

MSG_GEOMETRY_TEXT = _("The geometry is not GeoJSON, WKT or EWKT.")
MSG_COORDINATE_NOT_FINITE = _("The geometry has a coordinate that is not a finite number.")
_EWKT_SRID = re.compile(r"^\s*SRID=([^;]*);(.*)$", re.I | re.S)


def geometry_from_text(text: str, *, default_srid: int = 4326) -> GEOSGeometry:
    """GeoJSON, WKT, EWKT or (E)WKB hex from a form, built by GEOS and shapely, never by GDAL.

    Django's widgets hand GeoJSON to GDAL's reader, which passes a `crs`
    member to PROJ, and an EWKT `SRID=` of any number on to a transformation
    that fails as a server error. Here every CRS must be on the allowlist and
    every coordinate finite, or GeometryError says what is wrong.
    """
    text = str(text).strip()
    if text.startswith("{"):
        from geo_osallisuus import parsers

        try:
            value = parsers.loads(text)
        except parsers.JSONInputError as exc:
            raise GeometryError(str(exc)) from None
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        geojson_check(value)
        srid = geojson_crs(value) or default_srid
        import shapely
        import shapely.geometry

        return GEOSGeometry(memoryview(shapely.to_wkb(shapely.geometry.shape(value))), srid=srid)
    srid = None
    match = _EWKT_SRID.match(text)
    if match:
        srid = parse_srid(match.group(1))
        text = match.group(2)
    try:
        geom = GEOSGeometry(text)
    except (ValueError, TypeError, GEOSException):
        raise GeometryError(MSG_GEOMETRY_TEXT) from None
    if geom.srid is not None and geom.srid not in settings.ALLOWED_SRIDS:  # an EWKB hex's own SRID
        raise GeometryError(MSG_SRID_NOT_ALLOWED.format(value=str(geom.srid), allowed=allowed_srids_text()))
    if not all(_finite(c) for c in _flat_coords(geom.coords)):
        raise GeometryError(MSG_COORDINATE_NOT_FINITE)
    geom.srid = srid or geom.srid or default_srid
    return geom


def _flat_coords(value):
    if isinstance(value, (int, float)):
        yield value
        return
    for item in value:
        yield from _flat_coords(item)
