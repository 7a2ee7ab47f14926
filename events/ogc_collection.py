"""Area events as a collection of the OGC API (ogc/): only what the events API
shows (no drafts); an event without a place has no geometry and `area_code`
names the area it is for."""

from django.utils.translation import gettext_lazy as _


def _events():
    from .selectors import event_public

    return event_public().order_by("start_time", "pk")


def register() -> None:
    from django.db.models import F

    from ogc.builtin import translated_properties
    from ogc.registry import Collection, Queryable, collection_registry

    collection_registry.register(
        Collection(
            id="events",
            title=_("Area events"),
            description=_("Resident forums, district meetings and open days, from Linked Events and the luotsit."),
            queryset=_events,
            geometry="geometry",
            geometry_type="Point",
            properties={
                **translated_properties("name"),
                "start_time": "start_time",
                "end_time": "end_time",
                "is_online": "is_online",
                "space_id": "space_id",
                "area_code": F("area__code"),
                "organiser_name": "organiser_name",
                "info_url": "info_url",
                "status": "status",
                "source": "source",
                "source_id": "source_id",
                "is_demo": "is_demo",
            },
            temporal="start_time",
            queryables=(
                Queryable("status", "status", description=_("scheduled, postponed or cancelled.")),
                Queryable("is_online", "is_online", "boolean", _("Online event.")),
                Queryable("is_demo", "is_demo", "boolean", _("Demo data.")),
            ),
            keywords=("event",),
        )
    )
