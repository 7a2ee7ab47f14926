"""What pending cases add to the map pages and to a luotsi's own view.

Registered from CasesConfig.ready(): the "pending cases" map layer (fetched from
the cases API), the case page (/asia/HEL-2025-007790/), the area page's list of
the cases in the area, and the luotsi view's count of them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from luotsit.providers import area_section_counts, content_provider_register
from map_ui.i18n import active_language
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
from map_ui.pages import DetailPage, detail_pages, item_detail
from map_ui.sections import AreaSection, area_list, area_sections

from . import selectors
from .models import Case

# Magenta, 6:1 against white: apart from the areas' blues, reds and greens.
CASE_COLOUR = "#a3005c"
# The area page lists this many cases, newest first, and says how many more.
AREA_LIST_LIMIT = 50
# The map fetches the layer in pages of this size (the API's maximum is 1000).
LAYER_PAGE_SIZE = 500
# Above this many pending located cases the city map draws them from vector tiles.
LAYER_TILES_FROM = 2000


def case_layer() -> Layer:
    return Layer(
        key="cases",
        label=gettext_lazy("Pending cases"),
        url=api_url("case-list", status=Case.Status.PENDING, located="true", page_size=LAYER_PAGE_SIZE),
        kind=Layer.POINT,
        cluster=True,
        marker="dot",
        style=LayerStyle(color=CASE_COLOUR),
        title_property="display_title",
        status_property="status",
        value_labels={"status": dict(Case.Status.choices)},
        popup_fields=(PopupField("case_id", gettext_lazy("Case id")), PopupField("sector", gettext_lazy("Sector"))),
        detail_url=page_url_template("map_ui:case", case_id="ahjo_id"),
        detail_label=gettext_lazy("Open the case page"),
        filter_by_area=True,
        # Helsinki has some 5 000 pending cases; from this many the map draws tiles.
        tiles="cases",
        tile_query={"status": Case.Status.PENDING},
        tile_properties={"display_title": "title"},
        tiles_from=LAYER_TILES_FROM,
        order=50,
    )


def case_page(request, case_id: str):
    try:
        case = selectors.case_get(case_id=case_id)
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None
    detail = item_detail(
        item=case,
        key="case",
        map_label=_("Map of the case's locations"),
        layer_label=case.display_title,
        url=api_url("case-detail", kwargs={"id": case.pk}),
        color=CASE_COLOUR,
    )
    context = {"case": case, "ahjo_url": case.ahjo_url_in(active_language()), **detail}
    return render(request, "cases/case_page.html", context)


def cases_section(area: Area) -> dict:
    cases = selectors.case_list(status=Case.Status.PENDING, areas=[area]).order_by("-last_handled", "-created", "pk")
    return area_list(cases, limit=AREA_LIST_LIMIT)


# Pending cases in each of a luotsi's areas, linked to the area page's list.
luotsi_pending_cases = area_section_counts(
    key="pending_cases",
    label=gettext_lazy("Pending cases"),
    section="cases",
    counts=lambda areas: selectors.case_counts_by_area(areas=areas, status=Case.Status.PENDING),
)


def register() -> None:
    layer_registry.register(case_layer())
    detail_pages.register(DetailPage(name="case", route="asia/<str:case_id>/", view=case_page))
    area_sections.register(
        AreaSection(
            key="cases",
            title=gettext_lazy("Pending cases"),
            template_name="cases/area_section.html",
            context=cases_section,
            order=20,
        )
    )
    content_provider_register(luotsi_pending_cases)
