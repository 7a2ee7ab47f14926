"""What area events add to the map pages and to a luotsi's own view.

Registered from EventsConfig.ready(): the "events" map layer (the next
UPCOMING_DAYS days, from the events API), the area page's list of upcoming
events and the luotsi view's count of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from luotsit.providers import AreaContent, content_provider_register
from map_ui.i18n import page_reverse
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry
from map_ui.sections import AreaSection, area_sections

from . import selectors
from .models import AreaEvent

# Dark orange, 5.9:1 against white: apart from the spaces' teal and the cases' magenta.
EVENT_COLOUR = "#a63c00"
AREA_LIST_LIMIT = 50
LAYER_PAGE_SIZE = 500


def event_layer() -> Layer:
    return Layer(
        key="events",
        label=gettext_lazy("Events in the next 30 days"),
        url=api_url("event-list", page_size=LAYER_PAGE_SIZE, upcoming_days=selectors.UPCOMING_DAYS),
        kind=Layer.POINT,
        cluster=True,
        marker="dot",
        style=LayerStyle(color=EVENT_COLOUR),
        title_property="name",
        status_property="status",
        value_labels={"status": dict(AreaEvent.Status.choices)},
        popup_fields=(
            PopupField("start_time", gettext_lazy("Starts")),
            PopupField("space_name", gettext_lazy("Place")),
            PopupField("organiser_name", gettext_lazy("Organiser")),
        ),
        filter_by_area=True,
        order=57,
    )


def events_section(area: Area) -> dict:
    events = selectors.event_upcoming_in_area(area=area)
    total = events.count()
    return {
        "events": list(events[:AREA_LIST_LIMIT]),
        "total": total,
        "more": max(total - AREA_LIST_LIMIT, 0),
        "days": selectors.UPCOMING_DAYS,
    }


def luotsi_events(*, areas: Sequence[Area], user=None) -> list[AreaContent]:
    """Upcoming events in each of a luotsi's areas, linked to the area page's list."""
    counts = selectors.event_counts_by_area(areas=list(areas))
    return [
        AreaContent(
            area_id=area.pk,
            key="events",
            label=_("Events in the next 30 days"),
            count=counts[area.pk],
            url=page_reverse("map_ui:area", kwargs={"division": area.division.slug, "code": area.code}) + "#events",
        )
        for area in areas
    ]


def register() -> None:
    layer_registry.register(event_layer())
    area_sections.register(
        AreaSection(
            key="events",
            title=gettext_lazy("Upcoming events"),
            template_name="events/area_section.html",
            context=events_section,
            order=35,
        )
    )
    content_provider_register(luotsi_events)
