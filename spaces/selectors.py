"""Reads of city spaces, for the API and the map pages.

`space_list(...)` takes plain values and returns a LocatedQuerySet that can be
filtered further with the shared located methods.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Point, Polygon
from django.db.models import Count

from areas.models import Area, AreaMembership
from areas.selectors import geojson_annotation

from .models import Space


def space_list(
    *,
    srid: int | None = None,
    kinds: list[str] | None = None,
    areas: list[Area | int] | None = None,
    near: Point | None = None,
    radius_m: float | None = None,
    bbox: Polygon | None = None,
    q: str | None = None,
    is_free: bool | None = None,
    self_service: bool | None = None,
):
    """Spaces by name (nearest first with `near`); with `srid`, `geojson` (the
    entrance point) and `footprint_geojson` rendered in it. Every argument is optional."""
    queryset = Space.objects.all()
    if srid is not None:
        queryset = queryset.with_geojson(srid).annotate(footprint_geojson=geojson_annotation("footprint", srid))
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if is_free is not None:
        queryset = queryset.filter(is_free=is_free)
    if self_service is not None:
        queryset = queryset.filter(self_service=self_service)
    if areas:
        queryset = queryset.in_areas(areas)
    if bbox is not None:
        queryset = queryset.in_bbox(bbox)
    if q:
        queryset = queryset.search(q)
    if near is not None:
        queryset = queryset.near(near, radius_m)
    return queryset


def space_get(*, pk: int) -> Space:
    """One space. Raises Space.DoesNotExist."""
    return Space.objects.get(pk=pk)


def space_counts_by_area(*, areas: list[Area | int]) -> dict[int, int]:
    """How many spaces lie in or touch each of `areas`: one query on the area index."""
    ids = [a.pk if isinstance(a, Area) else int(a) for a in areas]
    rows = AreaMembership.objects.filter(content_type=ContentType.objects.get_for_model(Space), area_id__in=ids)
    counts = dict(rows.order_by().values_list("area_id").annotate(n=Count("pk")))
    return {pk: counts.get(pk, 0) for pk in ids}
