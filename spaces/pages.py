"""What city spaces add to the map pages and to a luotsi's own view.

Registered from SpacesConfig.ready(): the "city spaces" map layer (fetched from
the spaces API), the space page (/tila/<id>/), the area page's list of the
spaces in the area, and the luotsi view's count of them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from luotsit.providers import area_section_counts, content_provider_register
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
from map_ui.pages import DetailPage, detail_pages, item_detail
from map_ui.sections import AreaSection, area_list, area_sections

from . import selectors
from .models import WEEKDAYS, Space

# Teal, 6:1 against white: apart from the cases' magenta and the areas' colours.
SPACE_COLOUR = "#00617f"
AREA_LIST_LIMIT = 100
LAYER_PAGE_SIZE = 500
# Above this many items the city map draws the layer from vector tiles.
LAYER_TILES_FROM = 2000

WEEKDAY_NAMES = {
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}


def space_layer() -> Layer:
    return Layer(
        key="spaces",
        label=gettext_lazy("City spaces"),
        url=api_url("space-list", page_size=LAYER_PAGE_SIZE),
        kind=Layer.POINT,
        cluster=True,
        marker="square",
        style=LayerStyle(color=SPACE_COLOUR),
        title_property="name",
        status_property=None,
        value_labels={"kind": dict(Space.Kind.choices)},
        popup_fields=(PopupField("kind", gettext_lazy("Kind")), PopupField("street_address", gettext_lazy("Address"))),
        detail_url=page_url_template("map_ui:space", pk="id"),
        detail_label=gettext_lazy("Open the space's page"),
        filter_by_area=True,
        # A city of many spaces: from this many the map draws them from tiles.
        tiles="spaces",
        tiles_from=LAYER_TILES_FROM,
        order=55,
    )


def opening_hours_rows(space: Space) -> list[dict]:
    """The week, Monday first, each day with its opening spans ("closed" when none)."""
    hours = space.opening_hours or {}
    return [
        {"day": WEEKDAY_NAMES[day], "spans": [f"{start}–{end}" for start, end in hours.get(day, [])]}
        for day in WEEKDAYS
    ]


def space_page(request, pk: int):
    try:
        space = selectors.space_get(pk=pk)
    except Space.DoesNotExist:
        raise Http404(_("No such space.")) from None
    detail = item_detail(
        item=space,
        key="space",
        map_label=_("Map of {name}").format(name=space.name),
        layer_label=space.name,
        url=api_url("space-detail", kwargs={"pk": space.pk}),
        color=SPACE_COLOUR,
    )
    hours = opening_hours_rows(space) if space.opening_hours else None
    return render(request, "spaces/space_page.html", {"space": space, "hours": hours, **detail})


def spaces_section(area: Area) -> dict:
    return area_list(selectors.space_list(areas=[area]).order_by("name", "pk"), limit=AREA_LIST_LIMIT)


# City spaces in each of a luotsi's areas, linked to the area page's list.
luotsi_spaces = area_section_counts(
    key="spaces",
    label=gettext_lazy("City spaces"),
    section="spaces",
    counts=lambda areas: selectors.space_counts_by_area(areas=areas),
)


def register() -> None:
    layer_registry.register(space_layer())
    detail_pages.register(DetailPage(name="space", route="tila/<int:pk>/", view=space_page))
    area_sections.register(
        AreaSection(
            key="spaces",
            title=gettext_lazy("City spaces"),
            template_name="spaces/area_section.html",
            context=spaces_section,
            order=30,
        )
    )
    content_provider_register(luotsi_spaces)
