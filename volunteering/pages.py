"""What volunteering adds to the map pages and to a luotsi's own view.

Registered from VolunteeringConfig.ready(): the map layer (from the
volunteering API), the area page's list and the luotsi view's count.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from areas.models import Area
from luotsit.providers import area_section_counts, content_provider_register
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry
from map_ui.sections import AreaSection, area_list, area_sections

from . import selectors
from .models import Opportunity

# Dark green, 7:1 against white: apart from the events' orange and the spaces' teal.
VOLUNTEERING_COLOUR = "#1c6b2e"
AREA_LIST_LIMIT = 50
LAYER_PAGE_SIZE = 500


def volunteering_layer() -> Layer:
    return Layer(
        key="volunteering",
        label=gettext_lazy("Volunteering"),
        url=api_url("volunteering-list", page_size=LAYER_PAGE_SIZE),
        kind=Layer.POINT,
        cluster=True,
        marker="dot",
        style=LayerStyle(color=VOLUNTEERING_COLOUR),
        title_property="title",
        value_labels={"kind": dict(Opportunity.Kind.choices), "time_kind": dict(Opportunity.TimeKind.choices)},
        popup_fields=(
            PopupField("organiser_name", gettext_lazy("Organiser")),
            PopupField("kind", gettext_lazy("Kind")),
            PopupField("time_kind", gettext_lazy("Time")),
        ),
        filter_by_area=True,
        order=58,
    )


def volunteering_section(area: Area) -> dict:
    section = area_list(selectors.opportunity_in_area(area=area), limit=AREA_LIST_LIMIT)
    for opportunity in section["items"]:
        opportunity.contact = selectors.contact_public(opportunity.organiser)
    return section


luotsi_volunteering = area_section_counts(
    key="volunteering",
    label=gettext_lazy("Volunteering"),
    section="volunteering",
    counts=lambda areas: selectors.opportunity_counts_by_area(areas=areas),
)


def register() -> None:
    layer_registry.register(volunteering_layer())
    area_sections.register(
        AreaSection(
            key="volunteering",
            title=gettext_lazy("Volunteering"),
            template_name="volunteering/area_section.html",
            context=volunteering_section,
            order=36,
        )
    )
    content_provider_register(luotsi_volunteering)
