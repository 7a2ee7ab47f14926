"""Reads of area events, for the API and the pages.

Only the statuses in AreaEvent.PUBLIC_STATUSES are ever shown; "upcoming"
means not yet over: the end (or the start, when there is no end) is now or
later.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.models import Area, AreaMembership

from .models import AreaEvent

# The map layer and the lists show this many days ahead.
UPCOMING_DAYS = 30


def event_public():
    return AreaEvent.objects.filter(status__in=AreaEvent.PUBLIC_STATUSES)


def event_upcoming(queryset=None, *, now: datetime | None = None, days: int | None = None):
    """Events not over at `now`; with `days`, only those starting within that many days."""
    now = now or timezone.now()
    queryset = (event_public() if queryset is None else queryset).alias(ends=Coalesce("end_time", "start_time"))
    queryset = queryset.filter(ends__gte=now)
    if days is not None:
        queryset = queryset.filter(start_time__lt=now + timedelta(days=days))
    return queryset


def event_list(*, srid: int | None = None):
    """Public events, earliest first; with `srid`, `geojson` rendered in it."""
    queryset = event_public().select_related("space", "area")
    if srid is not None:
        queryset = queryset.with_geojson(srid)
    return queryset.order_by("start_time", "pk")


def event_get(*, pk: int) -> AreaEvent:
    """One public event. Raises AreaEvent.DoesNotExist."""
    return event_public().select_related("space", "area").get(pk=pk)


def area_with_ancestors(area: Area) -> list[int]:
    """`area` and the areas above it (a suurpiiri's forum concerns each district in it)."""
    ids, current = [], area
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def event_upcoming_in_area(*, area: Area, days: int = UPCOMING_DAYS, now: datetime | None = None):
    """Upcoming events that lie in `area`, or are for it or an area above it as a whole (online, area-wide)."""
    located = AreaEvent.objects.in_areas([area]).values("pk")
    return (
        event_upcoming(now=now, days=days)
        .filter(Q(pk__in=located) | Q(area_id__in=area_with_ancestors(area)))
        .select_related("space")
        .order_by("start_time", "pk")
    )


def event_counts_by_area(*, areas: list[Area | int], days: int = UPCOMING_DAYS) -> dict[int, int]:
    """Upcoming events in each of `areas` (by the area index): one query."""
    ids = [a.pk if isinstance(a, Area) else int(a) for a in areas]
    rows = AreaMembership.objects.filter(
        content_type=ContentType.objects.get_for_model(AreaEvent),
        area_id__in=ids,
        object_id__in=event_upcoming(days=days).values("pk"),
    )
    counts = dict(rows.order_by().values_list("area_id").annotate(n=Count("pk")))
    return {pk: counts.get(pk, 0) for pk in ids}
