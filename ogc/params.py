"""Query parameters of OGC API – Features (Part 1 Core, Part 2 CRS).

Every function raises OgcError (a 400 with an OGC exception body) for a value it
cannot use. CRS strings are matched against the offered list, never handed to
GDAL; bounding boxes go through the service's own bbox parser
(areas.api.params.bbox), so they are checked exactly as the rest of the API checks them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError

from areas.api import params as located_params
from areas.geometry import GeometryError, parse_srid

from .registry import Collection, Queryable

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{srid}"


@dataclass(frozen=True)
class OutputCrs:
    uri: str
    srid: int
    # EPSG:3879 (ETRS-GK25) is defined with northing first; Part 2 wants
    # coordinates in the CRS's own axis order, so its x and y are swapped.
    # CRS84 and EPSG:3067 are easting (longitude) first, as stored.
    northing_first: bool = False


OFFERED_CRS = (
    OutputCrs(CRS84, 4326),
    OutputCrs(EPSG_URI.format(srid=3067), 3067),
    OutputCrs(EPSG_URI.format(srid=3879), 3879, northing_first=True),
    # EPSG:4326 proper is latitude first, as GDAL and QGIS read it; CRS84 is its longitude-first twin.
    OutputCrs(EPSG_URI.format(srid=4326), 4326, northing_first=True),
)
STORAGE_CRS = EPSG_URI.format(srid=settings.PROJECTION_SRID)

MSG_UNKNOWN_PARAMETER = _("Unknown query parameter {name!r}; this collection accepts {allowed}.")
MSG_CRS_NOT_OFFERED = _("Parameter {name}: {value!r} is not offered; use one of {allowed}.")
MSG_LIMIT = _("Parameter limit must be a whole number of at least 1, not {value!r}.")
MSG_OFFSET = _("Parameter offset must be a whole number of at least 0, not {value!r}.")
MSG_BBOX_CRS_ALONE = _("Parameter bbox-crs needs bbox.")
MSG_BBOX_VALUES = _("Parameter bbox must be four (or six) numbers, not {value!r}.")
MSG_DATETIME = _(
    "Parameter datetime must be a date-time (RFC 3339), a date, or an interval start/end with .. for an "
    "open end, not {value!r}."
)
MSG_DATETIME_ORDER = _("Parameter datetime: the interval ends before it starts.")
MSG_DATETIME_UNSUPPORTED = _("Collection {collection} has no dates: datetime cannot be used.")
MSG_BAD_FORMAT = _("Parameter f must be json or html, not {value!r}.")
MSG_QUERYABLE = _("Parameter {name}: {message}")

# Parameters every OGC request may carry.
COMMON = ("f",)


class OgcError(Exception):
    """A request the API refuses, with the OGC exception body's code and description."""

    def __init__(self, description: str, *, status: int = 400, code: str = "InvalidParameterValue") -> None:
        super().__init__(description)
        self.status = status
        self.code = code
        self.description = str(description)


def allowed_crs_text() -> str:
    return ", ".join(crs.uri for crs in OFFERED_CRS)


def crs(value: str | None, *, name: str = "crs") -> OutputCrs:
    """The offered CRS named by `value` (a URI, EPSG:NNNN or a code); CRS84 when absent."""
    if value in (None, ""):
        return OFFERED_CRS[0]
    text = value.strip()
    for offered in OFFERED_CRS:
        if text == offered.uri:
            return offered
    refused = OgcError(MSG_CRS_NOT_OFFERED.format(name=name, value=text[:100], allowed=allowed_crs_text()))
    if "crs84" in text.lower():
        try:
            if parse_srid(text) == 4326:
                return OFFERED_CRS[0]
        except GeometryError:
            raise refused from None
    try:
        srid = parse_srid(text)
    except GeometryError:
        raise refused from None
    # EPSG:4326 by its code is latitude first (the entry after CRS84, which names itself by "CRS84").
    for offered in OFFERED_CRS[1:]:
        if offered.srid == srid:
            return offered
    raise refused


def check_known(query, allowed: tuple[str, ...]) -> None:
    for name in query:
        if name not in allowed:
            raise OgcError(MSG_UNKNOWN_PARAMETER.format(name=name[:50], allowed=", ".join(allowed)))


def output_format(request) -> str:
    """json or html, from `f` or else the Accept header (a browser asks for HTML)."""
    value = request.GET.get("f")
    if value not in (None, ""):
        value = value.strip().lower()
        if value in ("json", "geojson", "application/json", "application/geo+json"):
            return "json"
        if value in ("html", "text/html"):
            return "html"
        raise OgcError(MSG_BAD_FORMAT.format(value=value[:40]))
    accept = request.headers.get("Accept", "")
    return "html" if "text/html" in accept and "json" not in accept else "json"


def _whole(value: str | None, *, low: int, message) -> int | None:
    if value in (None, ""):
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) < low:
        raise OgcError(message.format(value=value[:40]))
    return int(text)


def limit(query) -> int:
    """1 to settings.OGC_MAX_LIMIT (larger values are lowered to it, as Part 1 asks), default OGC_DEFAULT_LIMIT."""
    value = _whole(query.get("limit"), low=1, message=MSG_LIMIT)
    if value is None:
        return settings.OGC_DEFAULT_LIMIT
    return min(value, settings.OGC_MAX_LIMIT)


def offset(query) -> int:
    return _whole(query.get("offset"), low=0, message=MSG_OFFSET) or 0


def bbox(query) -> Polygon | None:
    """`bbox` in `bbox-crs` (CRS84 by default) as a polygon in settings.PROJECTION_SRID."""
    raw = query.get("bbox")
    if raw in (None, ""):
        if query.get("bbox-crs") not in (None, ""):
            raise OgcError(MSG_BBOX_CRS_ALONE)
        return None
    box_crs = crs(query.get("bbox-crs"), name="bbox-crs")
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) == 6:  # three-dimensional: the heights do not matter on a map
        parts = [parts[0], parts[1], parts[3], parts[4]]
    if len(parts) != 4:
        raise OgcError(MSG_BBOX_VALUES.format(value=raw[:100]))
    if box_crs.northing_first:
        parts = [parts[1], parts[0], parts[3], parts[2]]
    try:
        return located_params.bbox({"bbox": ",".join(parts), "bbox_srid": str(box_crs.srid)})
    except ParseError as exc:
        raise OgcError(str(exc.detail)) from None


def _instant(text: str, *, end: bool) -> datetime.datetime | None:
    """An RFC 3339 date-time, or a date (its first moment, or with `end` the next day's)."""
    if text in ("..", ""):
        return None
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            moment = datetime.datetime.combine(day, datetime.time.min)
            if end:
                moment += datetime.timedelta(days=1)
            moment = timezone.make_aware(moment)
            moment.astimezone(datetime.timezone.utc)
            return moment
        moment = datetime.datetime.fromisoformat(text.replace("z", "Z"))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # Year 1 or 9999 with a time zone cannot be compared in UTC.
        moment.astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError):
        raise OgcError(MSG_DATETIME.format(value=text[:60])) from None
    return moment


@dataclass(frozen=True)
class Interval:
    start: datetime.datetime | None
    # Exclusive when the end came from a date, inclusive for a date-time.
    end: datetime.datetime | None
    end_inclusive: bool


def datetime_interval(query, collection: Collection) -> Interval | None:
    raw = query.get("datetime")
    if raw in (None, ""):
        return None
    if collection.temporal is None:
        raise OgcError(MSG_DATETIME_UNSUPPORTED.format(collection=collection.id))
    text = raw.strip()
    if "/" in text:
        first, _sep, last = text.partition("/")
        if "/" in last or (first in ("", "..") and last in ("", "..")):
            raise OgcError(MSG_DATETIME.format(value=text[:60]))
        start, end = _instant(first, end=False), _instant(last, end=True)
        if start and end and end < start:
            raise OgcError(MSG_DATETIME_ORDER)
        return Interval(start, end, end_inclusive=len(last) != 10)
    if text == "..":
        raise OgcError(MSG_DATETIME.format(value=text[:60]))
    start = _instant(text, end=False)
    if len(text) == 10:
        return Interval(start, _instant(text, end=True), end_inclusive=False)
    return Interval(start, start, end_inclusive=True)


_BOOL = {"true": True, "1": True, "false": False, "0": False}
_INTEGER = re.compile(r"^-?\d{1,18}$")


def queryable_values(query, collection: Collection) -> list[tuple[Queryable, object]]:
    """The collection's queryables present in `query`, each with its value: a bool for a
    boolean queryable, else the list of values any of which may match (commas separate
    them; whole numbers for an integer queryable)."""
    found: list[tuple[Queryable, object]] = []
    for queryable in collection.queryables:
        raw = query.get(queryable.name)
        if raw in (None, ""):
            continue
        if "\x00" in raw:
            raise OgcError(located_params.MSG_NUL.format(name=queryable.name))
        values = [v.strip() for v in raw.split(",") if v.strip()][:100]
        if queryable.kind == "boolean":
            if len(values) != 1 or values[0].lower() not in _BOOL:
                message = _("must be true or false, not {value!r}.").format(value=raw[:40])
                raise OgcError(MSG_QUERYABLE.format(name=queryable.name, message=message))
            found.append((queryable, _BOOL[values[0].lower()]))
            continue
        if queryable.kind == "integer":
            if not all(_INTEGER.match(v) for v in values):
                message = _("must be whole numbers, not {value!r}.").format(value=raw[:40])
                raise OgcError(MSG_QUERYABLE.format(name=queryable.name, message=message))
            found.append((queryable, [int(v) for v in values]))
            continue
        found.append((queryable, [v[:200] for v in values]))
    return found


def queryable_filters(query, collection: Collection) -> dict[str, object]:
    """ORM lookups for the collection's queryables present in `query` (commas: any of)."""
    return {
        queryable.path if queryable.kind == "boolean" else f"{queryable.path}__in": value
        for queryable, value in queryable_values(query, collection)
    }


def items_allowed(collection: Collection) -> tuple[str, ...]:
    # datetime is always known, so that a layer without dates says so.
    base = COMMON + ("limit", "offset", "bbox", "bbox-crs", "crs", "datetime")
    return base + tuple(q.name for q in collection.queryables)
