"""What initiatives add to the map pages and to a luotsi's own view.

Registered from InitiativesConfig.ready(): the map layer of initiatives as
markers (fetched from the API), the initiative page (/aloite/<id>/) and the
luotsi view's count of open initiatives.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import AreaMembership
from luotsit.providers import AreaContent, content_provider_register
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
from map_ui.pages import DetailPage, detail_pages, item_detail

from . import selectors
from .models import Initiative

# Teal, 5:1 against white: apart from cases' magenta and projects' purple.
INITIATIVE_COLOUR = "#00666b"
LAYER_PAGE_SIZE = 500
# Above this many items the city map draws the layer from vector tiles.
LAYER_TILES_FROM = 2000


def initiative_layer() -> Layer:
    return Layer(
        key="initiatives",
        label=gettext_lazy("Initiatives"),
        url=api_url("initiative-list", state="submitted", located="true", page_size=LAYER_PAGE_SIZE),
        kind=Layer.POINT,
        cluster=True,
        marker="triangle",
        style=LayerStyle(color=INITIATIVE_COLOUR),
        title_property="title",
        status_property="state_label",
        popup_fields=(PopupField("support_count", gettext_lazy("Supporters")),),
        # The tiles carry the state's code; the list its label.
        value_labels={"state_label": dict(Initiative.State.choices)},
        detail_url=page_url_template("map_ui:initiative", pk="id"),
        detail_label=gettext_lazy("Open the initiative page"),
        filter_by_area=True,
        tiles="initiatives",
        tile_query={"state": Initiative.State.SUBMITTED},
        tile_properties={"state_label": "state"},
        tiles_from=LAYER_TILES_FROM,
        order=55,
    )


def initiative_page(request, pk: int):
    initiative = selectors.initiative_list().filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    detail = item_detail(
        item=initiative,
        key="initiative",
        map_label=_("Map of the initiative's place"),
        layer_label=initiative.title,
        url=api_url("initiative-detail", kwargs={"pk": initiative.pk}),
        color=INITIATIVE_COLOUR,
    )
    return render(
        request,
        "initiatives/initiative_page.html",
        {
            "initiative": initiative,
            **detail,
            # Supporting and following are for initiatives not yet answered (initiatives.services).
            "is_open": initiative.state in selectors.OPEN_STATES,
        },
    )


def luotsi_open_initiatives(*, areas, user=None) -> list[AreaContent]:
    """Per area of a luotsi, the open initiatives that lie in it (one query)."""
    ids = [area.pk for area in areas]
    counts = dict(
        AreaMembership.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative),
            area_id__in=ids,
            object_id__in=Initiative.objects.filter(state__in=selectors.OPEN_STATES).values("pk"),
        )
        .order_by()
        .values_list("area_id")
        .annotate(n=Count("object_id"))
    )
    return [
        AreaContent(
            area_id=pk,
            key="initiatives_open",
            label=str(gettext_lazy("Open initiatives")),
            count=counts.get(pk, 0),
            url=f"{reverse('initiative-list')}?{urlencode({'area': pk, 'state': 'submitted'})}",
        )
        for pk in ids
    ]


def register() -> None:
    layer_registry.register(initiative_layer())
    detail_pages.register(DetailPage(name="initiative", route="aloite/<int:pk>/", view=initiative_page))
    content_provider_register(luotsi_open_initiatives)
