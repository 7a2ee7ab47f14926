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
