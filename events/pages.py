"""What area events add to the map pages and to a luotsi's own view.

Registered from EventsConfig.ready(): the "events" map layer (the next
UPCOMING_DAYS days, from the events API), the area page's list of upcoming
events and the luotsi view's count of them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from luotsit.providers import area_section_counts, content_provider_register
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry
from map_ui.numbers import distance
from map_ui.sections import AreaSection, NearMePanel, area_list, area_sections, near_me_panels

from . import selectors
from .models import AreaEvent

# Dark orange, 5.9:1 against white: apart from the spaces' teal and the cases' magenta.
EVENT_COLOUR = "#a63c00"
AREA_LIST_LIMIT = 50
LAYER_PAGE_SIZE = 500
# The near-me page lists this many upcoming events within this distance of the point.
NEAR_ME_LIMIT = 5
NEAR_ME_RADIUS_M = 2000


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
    return {**area_list(selectors.event_upcoming_in_area(area=area), limit=AREA_LIST_LIMIT), "days": selectors.UPCOMING_DAYS}


# Upcoming events in each of a luotsi's areas, linked to the area page's list.
luotsi_events = area_section_counts(
    key="events",
    label=gettext_lazy("Events in the next 30 days"),
    section="events",
    counts=lambda areas: selectors.event_counts_by_area(areas=areas),
)


def near_me_events_config() -> dict:
    return {
        "apiUrl": reverse("event-list"),
        "language": get_language(),
        "radius": NEAR_ME_RADIUS_M,
        "days": selectors.UPCOMING_DAYS,
        "limit": NEAR_ME_LIMIT,
        "messages": {
            "choose": _("Choose a point to see the events coming up near it."),
            "looking": _("Looking for events…"),
            "none": _("No events are known within {distance} in the next 30 days.").format(distance=distance(NEAR_ME_RADIUS_M)),
            "failed": _("Could not find the events. Try again later."),
        },
    }


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
    near_me_panels.register(
        NearMePanel(
            key="events",
            title=gettext_lazy("Events near the point"),
            script="events/near_me_events.js",
            config=near_me_events_config,
            order=105,
        )
    )
