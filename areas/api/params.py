"""Parsing of the spatial query parameters every located list shares.

Each function raises rest_framework's ParseError with a message a person can act
on; none lets a malformed value through to the database.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.contrib.gis.geos import Point, Polygon
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ParseError

from areas.geometry import (
    MSG_COORDINATES_OUT_OF_RANGE,
    MSG_TRANSFORM_FAILED,
    SRID_BOUNDS,
    GeometryError,
    parse_srid,
    point_from_coordinates,
    to_projection,
)

MSG_NOT_A_NUMBER = _("Parameter {name} must be a number, not {value!r}.")
MSG_OUT_OF_RANGE = _("Parameter {name} must be between {low} and {high}, not {value}.")
MSG_TOO_SMALL = _("Parameter {name} must be at least {low}, not {value}.")
MSG_TOO_LARGE = _("Parameter {name} must be at most {high}, not {value}.")
MSG_MISSING = _("Parameter {name} is required.")
MSG_POINT_PARAMS = _("Give either lat and lon, or x and y (with srid).")

SRID_PARAMETER = OpenApiParameter(
    "srid",
    OpenApiTypes.STR,
    description="CRS of the output geometry: 4326 (default, lon/lat), 3067, 3879 or 3857. "
    "Also accepted as EPSG:3067 or an OGC URI.",
)


def output_srid(query_params) -> int:
    """The `srid` query parameter, or settings.API_DEFAULT_SRID."""
    value = query_params.get("srid")
    if value in (None, ""):
        return settings.API_DEFAULT_SRID
    try:
        return parse_srid(value)
    except GeometryError as exc:
        raise ParseError(str(exc)) from None


def number(query_params, name: str, *, low: float | None = None, high: float | None = None) -> float:
    """The number in parameter `name`, within `low` and `high` where given; the
    message names only the limits there are (no "between 1 and None")."""
    raw = query_params.get(name)
    if raw is None or not raw.strip():
        raise ParseError(MSG_MISSING.format(name=name))
    try:
        value = float(raw)
    except ValueError:
        raise ParseError(MSG_NOT_A_NUMBER.format(name=name, value=raw)) from None
    if not math.isfinite(value):
        raise ParseError(MSG_NOT_A_NUMBER.format(name=name, value=raw))
    too_small, too_large = low is not None and value < low, high is not None and value > high
    if (too_small or too_large) and low is not None and high is not None:
        raise ParseError(MSG_OUT_OF_RANGE.format(name=name, low=_limit(low), high=_limit(high), value=raw))
    if too_small:
        raise ParseError(MSG_TOO_SMALL.format(name=name, low=_limit(low), value=raw))
    if too_large:
        raise ParseError(MSG_TOO_LARGE.format(name=name, high=_limit(high), value=raw))
    return value


def _limit(value: float) -> str:
    """A limit as written: 1, not 1.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


# The parameters `point` reads, as the OpenAPI schema documents them.
POINT_PARAMETERS = [
    OpenApiParameter("lat", float, description="Latitude (EPSG:4326)."),
    OpenApiParameter("lon", float, description="Longitude (EPSG:4326)."),
    OpenApiParameter("x", float, description="Easting in `srid`."),
    OpenApiParameter("y", float, description="Northing in `srid`."),
    OpenApiParameter("srid", str, description="CRS of x/y: 3067, 3879, 3857 or 4326."),
]


def point(query_params) -> tuple[Point, Point]:
    """The point named by lat/lon or x/y/srid: (as given, in settings.PROJECTION_SRID)."""
    has_latlon = "lat" in query_params or "lon" in query_params
    has_xy = "x" in query_params or "y" in query_params
    if has_latlon == has_xy:
        raise ParseError(MSG_POINT_PARAMS)
    if has_latlon:
        if "srid" in query_params:
            raise ParseError(_("lat and lon are always EPSG:4326; use x and y with srid for other CRSs."))
        lat = number(query_params, "lat", low=-90, high=90)
        lon = number(query_params, "lon", low=-180, high=180)
        x, y, srid = lon, lat, 4326
    else:
        x = number(query_params, "x")
        y = number(query_params, "y")
        raw = query_params.get("srid")
        if raw in (None, ""):
            raise ParseError(_("x and y need srid (3067, 3879, 3857 or 4326)."))
        try:
            srid = parse_srid(raw)
        except GeometryError as exc:
            raise ParseError(str(exc)) from None
        if srid == 4326:
            number(query_params, "x", low=-180, high=180)
            number(query_params, "y", low=-90, high=90)
    try:
        projected = point_from_coordinates(x, y, srid)
    except GeometryError as exc:
        raise ParseError(str(exc)) from None
    if not all(math.isfinite(c) for c in projected.coords):
        raise ParseError(MSG_TRANSFORM_FAILED.format(srid=srid))
    return Point(x, y, srid=srid), projected


# --- Parameters of located lists (cases, spaces, ...) -------------------------------

MSG_NOT_AN_INTEGER = _("Parameter {name} must be a whole number, not {value!r}.")
MSG_NOT_A_BOOLEAN = _("Parameter {name} must be true or false, not {value!r}.")
MSG_NOT_A_DATE = _("Parameter {name} must be a date as YYYY-MM-DD, not {value!r}.")
MSG_TOO_LONG = _("Parameter {name} is longer than {limit} characters.")
MSG_NUL = _("Parameter {name} contains a NUL character, which text cannot hold.")
MSG_BBOX_FORMAT = _(
    "Parameter bbox must be four numbers min_x,min_y,max_x,max_y (lon,lat order for EPSG:4326), not {value!r}."
)
MSG_BBOX_ORDER = _("Parameter bbox must have min_x < max_x and min_y < max_y, not {value!r}.")
MSG_BBOX_SRID_ALONE = _("Parameter bbox_srid needs bbox.")
MSG_NEAR_FORMAT = _("Parameter near must be lat,lon in degrees (EPSG:4326), e.g. 60.1699,24.9384, not {value!r}.")
MSG_RADIUS_ALONE = _("Parameter radius needs near=lat,lon.")

# How much a bbox edge is densified before it is transformed: a lon/lat box is
# not a rectangle in EPSG:3067.
_BBOX_EDGE_STEPS = 8

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


def _present(query_params, name: str) -> bool:
    return query_params.get(name) not in (None, "")


def text(query_params, name: str, *, max_length: int = 200) -> str | None:
    """A free-text parameter with its whitespace collapsed, or None when absent or blank."""
    raw = query_params.get(name)
    if raw is None:
        return None
    if "\x00" in raw:
        # PostgreSQL text cannot hold NUL: refused here, not as a database error.
        raise ParseError(MSG_NUL.format(name=name))
    value = " ".join(raw.split())
    if len(value) > max_length:
        raise ParseError(MSG_TOO_LONG.format(name=name, limit=max_length))
    return value or None


def boolean(query_params, name: str) -> bool | None:
    """true/false (also 1/0, yes/no), or None when absent."""
    if not _present(query_params, name):
        return None
    raw = query_params.get(name).strip().lower()
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ParseError(MSG_NOT_A_BOOLEAN.format(name=name, value=query_params.get(name)))


def integer(query_params, name: str, *, low: int | None = None, high: int | None = None) -> int | None:
    if not _present(query_params, name):
        return None
    raw = query_params.get(name).strip()
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 18:
        raise ParseError(MSG_NOT_AN_INTEGER.format(name=name, value=query_params.get(name)))
    value = int(raw)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParseError(MSG_OUT_OF_RANGE.format(name=name, low=low, high=high, value=raw))
    return value


def integer_list(query_params, name: str) -> list[int] | None:
    """Comma-separated whole numbers (ids), or None when absent."""
    if not _present(query_params, name):
        return None
    values = []
    for part in query_params.get(name).split(","):
        part = part.strip()
        if not part.isascii() or not part.isdigit() or len(part) > 18:
            raise ParseError(MSG_NOT_AN_INTEGER.format(name=name, value=query_params.get(name)))
        values.append(int(part))
    return values


def bbox(query_params) -> Polygon | None:
    """`bbox` (in `bbox_srid`, default EPSG:4326 lon/lat) as a polygon in settings.PROJECTION_SRID."""
    if not _present(query_params, "bbox"):
        if _present(query_params, "bbox_srid"):
            raise ParseError(MSG_BBOX_SRID_ALONE)
        return None
    raw = query_params.get("bbox")
    parts = raw.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ParseError(MSG_BBOX_FORMAT.format(value=raw[:100]))
    xmin, ymin, xmax, ymax = values
    if not (xmin < xmax and ymin < ymax):
        raise ParseError(MSG_BBOX_ORDER.format(value=raw[:100]))
    srid = 4326
    if _present(query_params, "bbox_srid"):
        try:
            srid = parse_srid(query_params.get("bbox_srid"))
        except GeometryError as exc:
            raise ParseError(str(exc)) from None
    low_x, low_y, high_x, high_y = SRID_BOUNDS[srid]
    for x, y in ((xmin, ymin), (xmax, ymax)):
        if not (low_x <= x <= high_x and low_y <= y <= high_y):
            raise ParseError(MSG_COORDINATES_OUT_OF_RANGE.format(srid=srid, x=x, y=y))
    ring = []
    corners = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        for step in range(_BBOX_EDGE_STEPS):
            t = step / _BBOX_EDGE_STEPS
            ring.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    ring.append(ring[0])
    try:
        box = to_projection(Polygon(ring, srid=srid))
    except GeometryError as exc:
        raise ParseError(str(exc)) from None
    if not box.valid or not all(math.isfinite(c) for xy in box.coords[0] for c in xy):
        raise ParseError(MSG_TRANSFORM_FAILED.format(srid=srid))
    return box


def near(query_params) -> tuple[Point, float | None] | None:
    """`near=lat,lon` and `radius` (metres): (point in settings.PROJECTION_SRID, radius or None)."""
    if not _present(query_params, "near"):
        if _present(query_params, "radius"):
            raise ParseError(MSG_RADIUS_ALONE)
        return None
    raw = query_params.get("near")
    parts = raw.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ParseError(MSG_NEAR_FORMAT.format(value=raw[:100])) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ParseError(MSG_NEAR_FORMAT.format(value=raw[:100]))
    try:
        projected = point_from_coordinates(lon, lat, 4326)
    except GeometryError as exc:
        raise ParseError(str(exc)) from None
    if not all(math.isfinite(c) for c in projected.coords):
        raise ParseError(MSG_TRANSFORM_FAILED.format(srid=4326))
    radius = None
    if _present(query_params, "radius"):
        radius = number(query_params, "radius", low=1, high=settings.LOCATED_MAX_RADIUS_M)
    return projected, radius


def date(query_params, name: str) -> datetime.date | None:
    """A date as YYYY-MM-DD, or None when absent."""
    if not _present(query_params, name):
        return None
    raw = query_params.get(name).strip()
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ParseError(MSG_NOT_A_DATE.format(name=name, value=raw[:40])) from None
