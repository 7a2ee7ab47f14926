"""Reads of divisions and areas; spatial work stays in PostGIS."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.db.models.functions import Area as AreaSize
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db.models import Count, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.db import connection
from django.utils.translation import get_language

from .models import Area, DivisionType

# Decimal places of output coordinates: ~1 cm in degrees, 1 cm in metres.
PRECISION = {4326: 7}
METRIC_PRECISION = 2


def geojson_annotation(field: str, srid: int) -> AsGeoJSON:
    """ST_AsGeoJSON(ST_Transform(field, srid)) with a precision fit for the CRS."""
    expression = field if srid == settings.PROJECTION_SRID else Transform(field, srid)
    return AsGeoJSON(expression, precision=PRECISION.get(srid, METRIC_PRECISION))


def division_list() -> QuerySet[DivisionType]:
    return DivisionType.objects.select_related("parent").annotate(area_count=Count("areas"))


def area_list(*, srid: int | None = None) -> QuerySet[Area]:
    """All areas, larger divisions first, with `geojson` in `srid` when asked."""
    queryset = Area.objects.select_related("division", "parent", "parent__division")
    if srid is not None:
        queryset = queryset.annotate(geojson=geojson_annotation("geometry", srid))
    return queryset.order_by("division__level", "division__slug", "code")


@dataclass(frozen=True)
class LookupResult:
    point: Point
    areas: list[Area]

    @property
    def inside_helsinki(self) -> bool:
        return any(area.division.is_official for area in self.areas)


def area_lookup(*, point: Point) -> LookupResult:
    """Every area valid today that contains `point` (boundary included), larger
    divisions first, each with its parent chain prefetched."""
    areas = list(
        Area.objects.valid_on(timezone.localdate())
        .filter(geometry__covers=point)
        .select_related("division", "parent__division", "parent__parent__division", "parent__parent__parent")
        # The answer names areas; their boundaries (up to four per row with the
        # parents) would be sent and parsed into GEOS for nothing (bench/RESULTS.md).
        .defer("geometry", "parent__geometry", "parent__parent__geometry", "parent__parent__parent__geometry")
        .order_by("division__level", "division__slug", "code")
    )
    return LookupResult(point=point, areas=areas)


_LOOKUP_SQL = """
    SELECT a.id, a.parent_id, d.slug, a.code, a.name_fi, a.name_sv, a.name_en, a.is_approximate, d.is_official
    FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id
    WHERE {where} ORDER BY d.level, d.slug, a.code
"""
_LOOKUP_NAMES = ("id", "parent_id", "division", "code", "name_fi", "name_sv", "name_en", "is_approximate", "is_official")


def _lookup_rows(where: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP_SQL.format(where=where), params)
        return [dict(zip(_LOOKUP_NAMES, row, strict=True)) for row in cursor.fetchall()]


def _name(row: dict, languages: tuple[str, ...]) -> str:
    """The name modeltranslation would show: the first non-empty of the active language and the fallbacks."""
    return next((row[f"name_{lang}"] for lang in languages if row.get(f"name_{lang}")), "")


def area_lookup_answer(*, point: Point) -> tuple[bool, list[dict]]:
    """`area_lookup` as the API sends it: (inside Helsinki, the areas as LookupAreaSerializer
    shapes them, each with `parents` nearest first), from plain rows.

    The hot read of the API: the model instances (an area and three parents, with
    modeltranslation's and GeoDjango's per-instance work) and nested serializers cost
    several times the query (bench/RESULTS.md). The parents are nearly always among the
    areas found (the point lies in them too); the others are read by id.
    """
    today = timezone.localdate()
    rows = _lookup_rows(
        "ST_Covers(a.geometry, ST_GeomFromEWKB(%s))"
        " AND (a.valid_from IS NULL OR a.valid_from <= %s) AND (a.valid_to IS NULL OR a.valid_to >= %s)",
        [bytes(point.ewkb), today, today],
    )
    known = {row["id"]: row for row in rows}
    for _level in range(10):
        missing = {row["parent_id"] for row in known.values() if row["parent_id"]} - known.keys()
        if not missing:
            break
        known.update((row["id"], row) for row in _lookup_rows("a.id = ANY(%s)", [sorted(missing)]))
    languages = tuple(dict.fromkeys([(get_language() or "fi")[:2], *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]))

    def ref(row: dict) -> dict:
        return {
            "id": row["id"],
            "division": row["division"],
            "code": row["code"],
            "name": _name(row, languages),
            "name_fi": row["name_fi"],
            "name_sv": row["name_sv"],
            "name_en": row["name_en"],
        }

    def parents(row: dict) -> list[dict]:
        chain, parent = [], known.get(row["parent_id"])
        while parent is not None and len(chain) < 10:
            chain.append(ref(parent))
            parent = known.get(parent["parent_id"])
        return chain

    areas = [{**ref(row), "is_approximate": row["is_approximate"], "parents": parents(row)} for row in rows]
    return any(row["is_official"] for row in rows), areas


def area_ancestors(area: Area) -> list[Area]:
    """The area's parents, nearest first (at most a few levels)."""
    chain: list[Area] = []
    current = area.parent
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.parent
    return chain


def area_get(*, division: str, code: str) -> Area:
    """The area of `division` (slug) with `code`; Area.DoesNotExist when none."""
    return Area.objects.select_related("division", "parent__division").get(division__slug=division, code=code)


def area_children(*, area: Area) -> QuerySet[Area]:
    """The areas whose parent is `area`, in code order."""
    return Area.objects.filter(parent=area).select_related("division").order_by("division__level", "code")


def area_index() -> QuerySet[Area]:
    """Every area without its geometry, larger divisions first: for lists of links."""
    return (
        Area.objects.select_related("division")
        .defer("geometry")
        .order_by("division__level", "division__slug", "code")
    )


def area_label_points(*, divisions: list[str], land: GEOSGeometry | None = None) -> QuerySet[Area]:
    """The areas of `divisions` (slugs) with `label_spot`: the point of each area (of
    its part on `land`, when it has some) farthest from its edges, the centre of
    its largest inscribed circle, where its name has the most room; in EPSG:4326.
    Larger areas first within a division: a map that has room for only some names
    keeps those of the larger areas."""
    region = "areas_area.geometry"
    params: list[str] = []
    if land is not None:
        # An area that is mostly sea (Länsisaaret) is named over its islands, not the water.
        on_land = "ST_Intersection(areas_area.geometry, ST_GeomFromEWKT(%s))"
        region = f"CASE WHEN ST_Area({on_land}) > 0 THEN {on_land} ELSE areas_area.geometry END"
        params = [land.ewkt, land.ewkt]
    spot = RawSQL(f"ST_Transform((ST_MaximumInscribedCircle({region})).center, 4326)", params, output_field=PointField())
    return (
        Area.objects.filter(division__slug__in=divisions)
        .select_related("division")
        .annotate(label_spot=spot, size=Cast(AreaSize("geometry"), FloatField()))
        .defer("geometry")
        .order_by("division__level", F("size").desc(), "code")
    )
