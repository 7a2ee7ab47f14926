"""Helsinki's true boundary: the one rule of what lies in the city.

Every located import and write (spaces, budgeting proposals, feedback, resident
areas, cases, events, volunteering, addresses) asks `is_within_helsinki`
(areas.geometry), which asks the boundary here.

The boundary is the union of the official areas valid today, of every official
division loaded. That is the rule the point lookup already follows (a point is
in Helsinki when an official area holds it, areas.selectors.LookupResult), and
it needs no choice of division: the suurpiirit, the osa-alueet and the
kaupunginosat each cover the whole city, so their union is the city whichever
of them are loaded, and a municipality (`kunta`) division, once imported as an
official division, is simply part of it. Importers keep other municipalities'
features out of official divisions (areas.importing.municipality).

Sea: Helsinki's official divisions cover its sea area (the osa-alue Aluemeri is
the territorial sea; the archipelago's osa-alueet are mostly water), so a point
in the sea between islands is in the city. Where a thing must be on land,
areas.land says so (feedback refuses a pothole at sea).

Tolerance: anything within settings.HELSINKI_BOUNDARY_TOLERANCE_M of the union
is inside. A phone's position is off by up to a few tens of metres in a street,
a border road's far verge lies across the line, and the demo's simplified
boundaries (fixtures/demo) move no line more than 32 m; the nearest places of
Espoo, Vantaa and Kauniainen that matter lie hundreds of metres to kilometres
beyond the line. A point is measured exactly (its distance to the union); a
line or polygon must lie inside the union grown by the tolerance (ST_Buffer,
whose round corners are polygons of 16 segments a quarter: at a convex corner
of the boundary up to 0.5 % of the tolerance is lost).

Cache: PostGIS builds the union (and its grown copy) once per state of the
official areas; each process keeps the result as prepared GEOS geometry and
answers from it in microseconds, as areas.land does for the land layer. The
state is a signature read in one cheap query on every `helsinki_boundary()`
(today's date, and the number, ids and row versions of the official areas valid
today): an import, an edit in the admin, a delete or a new day with other valid
areas changes it, in this process or any other, and the next check rebuilds.
Nothing has to remember to invalidate it.

Fallback: with no official area valid today (a fresh database, many tests),
there is no boundary to ask, and the city is the old box: Helsinki's extent
with a margin (areas.geometry.helsinki_extent).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.contrib.gis.geos.prepared import PreparedGeometry
from django.db import connection
from django.utils import timezone

from .geometry import helsinki_extent

# Official areas valid on %(day)s: the one definition both queries below use.
_OFFICIAL_TODAY = """
    FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id
    WHERE d.is_official
      AND (a.valid_from IS NULL OR a.valid_from <= %(day)s)
      AND (a.valid_to IS NULL OR a.valid_to >= %(day)s)
"""
# xmin and cmin are the transaction and the command in it that wrote a row's current version:
# any write to an area, by the ORM, an update() or raw SQL, even later in one transaction,
# changes them; new and deleted areas change the count and ids.
_SIGNATURE_SQL = (
    "SELECT count(*), coalesce(sum(a.id), 0), coalesce(sum(a.xmin::text::bigint), 0), coalesce(sum(a.cmin::text::bigint), 0)"
    + _OFFICIAL_TODAY
)
# quad_segs=16: round corners of 64 segments, see the module's docstring.
_BUILD_SQL = f"""
    SELECT ST_AsEWKB(u), ST_AsEWKB(ST_Multi(ST_Buffer(u, %(tolerance)s, 'quad_segs=16')))
    FROM (SELECT ST_Multi(ST_CollectionExtract(ST_Union(a.geometry), 3)) AS u {_OFFICIAL_TODAY}) AS city
"""

# Boundaries of the last few states of the official areas: a dry run or a rolled-back
# test flips between two states, and each flip would otherwise rebuild.
_CACHE_SIZE = 4
_cache: dict[tuple, HelsinkiBoundary] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class HelsinkiBoundary:
    """The city as one polygon in settings.PROJECTION_SRID, and the rule of what lies in it."""

    geometry: MultiPolygon  # the union of the official areas, or the fallback box
    tolerant: MultiPolygon  # the union grown by the tolerance (the box itself in the fallback)
    tolerance_m: float
    is_fallback: bool
    _prepared: PreparedGeometry
    _tolerant_prepared: PreparedGeometry

    def covers(self, geom: GEOSGeometry) -> bool:
        """Whether `geom` (in settings.PROJECTION_SRID) lies in Helsinki, its tolerance included."""
        if self._prepared.covers(geom):
            return True
        if isinstance(geom, Point) and not self.is_fallback:
            return self.geometry.distance(geom) <= self.tolerance_m
        return self._tolerant_prepared.covers(geom)

    def clip(self, geom: MultiPolygon) -> MultiPolygon | None:
        """The polygonal part of `geom` inside the union (no tolerance: a clipped area ends
        at the city's line), or None when nothing is left. The fallback box clips nothing
        off a geometry it covers and refuses one it does not."""
        if self.is_fallback:
            return geom if self._prepared.covers(geom) else None
        if self._prepared.covers(geom):
            return geom
        parts = _polygons(geom.intersection(self.geometry))
        return MultiPolygon(parts, srid=geom.srid) if parts else None


def _polygons(geom: GEOSGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.empty else []
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in geom for p in _polygons(part)]
    return []


def _made(geometry: MultiPolygon, tolerant: MultiPolygon, *, is_fallback: bool) -> HelsinkiBoundary:
    return HelsinkiBoundary(
        geometry=geometry,
        tolerant=tolerant,
        tolerance_m=settings.HELSINKI_BOUNDARY_TOLERANCE_M,
        is_fallback=is_fallback,
        _prepared=geometry.prepared,
        _tolerant_prepared=tolerant.prepared,
    )


def _fallback() -> HelsinkiBoundary:
    box = MultiPolygon(helsinki_extent(), srid=settings.PROJECTION_SRID)
    return _made(box, box, is_fallback=True)


def _build(day) -> HelsinkiBoundary:
    with connection.cursor() as cursor:
        cursor.execute(_BUILD_SQL, {"day": day, "tolerance": settings.HELSINKI_BOUNDARY_TOLERANCE_M})
        exact, tolerant = cursor.fetchone()
    geometry, grown = GEOSGeometry(memoryview(exact)), GEOSGeometry(memoryview(tolerant))
    for geom in (geometry, grown):
        geom.srid = settings.PROJECTION_SRID
    return _made(geometry, grown, is_fallback=False)


def helsinki_boundary() -> HelsinkiBoundary:
    """Helsinki's boundary as the official areas valid today draw it (the box when none are).

    One cheap query reads the areas' signature; the union is built in PostGIS only
    when the signature is new to this process. Callers that check many geometries
    (an import) call this once and ask `covers` for each.
    """
    day = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(_SIGNATURE_SQL, {"day": day})
        count, *versions = cursor.fetchone()
    if not count:
        return _fallback()
    key = (connection.alias, day, count, *versions, settings.HELSINKI_BOUNDARY_TOLERANCE_M)
    boundary = _cache.get(key)
    if boundary is None:
        boundary = _build(day)
        with _lock:
            while len(_cache) >= _CACHE_SIZE:
                _cache.pop(next(iter(_cache)))
            _cache[key] = boundary
    return boundary
