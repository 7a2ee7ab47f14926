"""Feedback counts per area as a collection of the OGC API (ogc/) and its vector tiles.

Never points: a request's own place is not published, and even its published cell
is left out here. Each feature is an area (of any division; ?division=peruspiiri
picks one) with the number of requests whose published point lies in it, read
from the area index as the map's choropleth reads it, and withheld (null) where
published_count withholds it.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import Area as Surface
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _


def _areas():
    from areas.located import published_count_expression
    from areas.models import Area, AreaMembership

    from .models import FeedbackRequest

    counts = (
        AreaMembership.objects.filter(
            area=OuterRef("pk"), content_type=ContentType.objects.get_for_model(FeedbackRequest)
        )
        .order_by()
        .values("area")
        .annotate(n=Count("object_id"))
        .values("n")
    )
    count = Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    surface = Cast(Surface("geometry"), FloatField())
    return (
        Area.objects.select_related("division")
        .annotate(feedback_count=published_count_expression(model=FeedbackRequest, count=count, surface_m2=surface))
        .order_by("division__level", "code")
    )


def register() -> None:
    from ogc.registry import Collection, Queryable, collection_registry

    collection_registry.register(
        Collection(
            id="feedback-counts",
            title=_("Feedback per area"),
            description=_(
                "The number of feedback requests in each area of every division (pick one with division=...), "
                "counted by their published 250 m cells; null where a small area's small count is withheld. "
                "Never the requests' points."
            ),
            queryset=_areas,
            properties={
                "division": "division__slug",
                "code": "code",
                "name": "name_fi",
                "feedback_count": F("feedback_count"),
            },
            queryables=(
                Queryable("division", "division__slug", description=_("The area's division.")),
                Queryable("code", "code", description=_("The area's code.")),
            ),
            geometry_type="MultiPolygon",
            keywords=("feedback", "palaute"),
        )
    )
