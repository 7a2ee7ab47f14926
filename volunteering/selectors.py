"""Reads of volunteering opportunities, for the API and the pages.

Public means: status published, by a verified organiser. An organiser's
e-mail and phone are public only with its consent (`contact_public`).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from areas.models import Area, AreaMembership
from events.selectors import area_with_ancestors

from .models import Opportunity, Organiser


def opportunity_public():
    return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED, organiser__verified_at__isnull=False)


def opportunity_list(*, srid: int | None = None):
    queryset = opportunity_public().select_related("organiser", "area__division")
    if srid is not None:
        queryset = queryset.with_geojson(srid)
    return queryset.order_by("title", "pk")


def opportunity_for_age(queryset, *, age: int):
    """Those open to a person of `age` (inclusive limits; no limit is open)."""
    return queryset.filter(Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age))


def opportunity_in_area(*, area: Area):
    """Public opportunities that lie in `area`, or are for it or an area above it as a whole."""
    located = Opportunity.objects.in_areas([area]).values("pk")
    return opportunity_list().filter(Q(pk__in=located) | Q(area_id__in=area_with_ancestors(area)))


def opportunity_counts_by_area(*, areas: list[Area | int]) -> dict[int, int]:
    ids = [a.pk if isinstance(a, Area) else int(a) for a in areas]
    rows = AreaMembership.objects.filter(
        content_type=ContentType.objects.get_for_model(Opportunity),
        area_id__in=ids,
        object_id__in=opportunity_public().values("pk"),
    )
    counts = dict(rows.order_by().values_list("area_id").annotate(n=Count("pk")))
    return {pk: counts.get(pk, 0) for pk in ids}


def contact_public(organiser: Organiser) -> dict[str, str]:
    """The organiser's e-mail and phone as anyone may see them: empty without consent."""
    if not organiser.publish_contact:
        return {"email": "", "phone": ""}
    return {"email": organiser.email, "phone": organiser.phone}
