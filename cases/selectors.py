"""Reads of cases, for the API and the map pages.

`case_list(...)` takes plain values and returns a CaseQuerySet that can be
filtered further with the shared located methods (`.in_areas`, `.near`,
`.in_bbox`, `.search`, ...).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Point, Polygon
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch

from areas.models import Area, AreaMembership
from areas.selectors import geojson_annotation

from .models import Case, CaseLocation, normalise_case_id


def case_list(
    *,
    srid: int | None = None,
    status: str | list[str] | None = None,
    areas: list[Area | int] | None = None,
    near: Point | None = None,
    radius_m: float | None = None,
    bbox: Polygon | None = None,
    q: str | None = None,
    located: bool | None = None,
):
    """Cases, newest first (nearest first with `near`), with `geojson` and the
    locations' `geojson` in `srid` when asked. Every argument is optional."""
    queryset = Case.objects.all()
    locations = CaseLocation.objects.order_by("id")
    if srid is not None:
        queryset = queryset.with_geojson(srid)
        locations = locations.annotate(geojson=geojson_annotation("geometry", srid))
    queryset = queryset.prefetch_related(Prefetch("locations", queryset=locations))
    if status:
        queryset = queryset.filter(status__in=[status] if isinstance(status, str) else status)
    if located is not None:
        queryset = queryset.located(located)
    if areas:
        queryset = queryset.in_areas(areas)
    if bbox is not None:
        queryset = queryset.in_bbox(bbox)
    if q:
        queryset = queryset.search(q)
    if near is not None:
        queryset = queryset.near(near, radius_m)
    return queryset


def case_unlocated():
    """Public cases nobody has placed: for a planner's work list."""
    return Case.objects.located(False).order_by("-created", "case_id")


def case_get(*, case_id: str) -> Case:
    """One case by its Ahjo id in either form ("HEL-2025-007790" or "HEL 2025-007790"),
    with its locations. Raises Case.DoesNotExist (also for a malformed id)."""
    try:
        label = normalise_case_id(case_id)
    except ValidationError:
        raise Case.DoesNotExist(case_id) from None
    return case_list().get(case_id=label)


def case_counts_by_area(*, areas: list[Area | int], status: str | None = None) -> dict[int, int]:
    """How many cases (of `status`) lie in or touch each of `areas`: one query on the area index."""
    ids = [a.pk if isinstance(a, Area) else int(a) for a in areas]
    rows = AreaMembership.objects.filter(content_type=ContentType.objects.get_for_model(Case), area_id__in=ids)
    if status:
        rows = rows.filter(object_id__in=Case.objects.filter(status=status).values("pk"))
    counts = dict(rows.order_by().values_list("area_id").annotate(n=Count("pk")))
    return {pk: counts.get(pk, 0) for pk in ids}
