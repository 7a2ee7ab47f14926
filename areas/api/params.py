"""Parsing of the spatial query parameters every located list shares.

Each function raises rest_framework's ParseError with a message a person can act
on; none lets a malformed value through to the database.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ParseError

from areas.geometry import MSG_TRANSFORM_FAILED, GeometryError, parse_srid, point_from_coordinates

MSG_NOT_A_NUMBER = _("Parameter {name} must be a number, not {value!r}.")
MSG_OUT_OF_RANGE = _("Parameter {name} must be between {low} and {high}, not {value}.")
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
    raw = query_params.get(name)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ParseError(MSG_NOT_A_NUMBER.format(name=name, value=raw)) from None
    if not math.isfinite(value):
        raise ParseError(MSG_NOT_A_NUMBER.format(name=name, value=raw))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParseError(MSG_OUT_OF_RANGE.format(name=name, low=low, high=high, value=raw))
    return value


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
