"""Detail pages that apps add to the map pages: a case, a space, a budget project.

An app registers its page from AppConfig.ready(); map_ui/urls.py mounts every
registered page under each language prefix (/, /sv/, /en/) in the `map_ui`
namespace, and runs its view in the URL's language::

    detail_pages.register(DetailPage(name="case", route="asia/<str:case_id>/", view=case_page))
    # reverse: page_reverse("map_ui:case", kwargs={"case_id": ...}); in a layer:
    # page_url_template("map_ui:case", case_id="ahjo_id")

Registration must happen in ready(): the URLconf reads the registry once, when
it is first loaded.

A located item's page (a case, a space) shows the areas it lies in and its own
geometry on a small map: `item_detail` gives both, and the templates
map_ui/_detail_header.html and map_ui/_located_areas.html draw the parts every
such page shares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.urls import URLPattern, path

from areas.located import LocatedItem, located_areas

from .i18n import url_language
from .layers import Layer, LayerStyle
from .maps import ApiLayers, RenderedMap, ServiceMap, map_render

# A single point fits the map at street level, not at the closest zoom.
ITEM_ZOOM = 16


@dataclass(frozen=True)
class DetailPage:
    # The URL name in the map_ui namespace ("case" -> "map_ui:case").
    name: str
    # A Django path() route without a language prefix, e.g. "tila/<int:pk>/".
    route: str
    view: Callable


class DetailPageRegistry:
    def __init__(self) -> None:
        self._pages: dict[str, DetailPage] = {}

    def register(self, page: DetailPage) -> DetailPage:
        if page.name in self._pages:
            raise ValueError(f"A detail page {page.name!r} is already registered.")
        if any(other.route == page.route for other in self._pages.values()):
            raise ValueError(f"A detail page already has the route {page.route!r}.")
        self._pages[page.name] = page
        return page

    def pages(self) -> list[DetailPage]:
        return list(self._pages.values())

    def urlpatterns(self) -> list[URLPattern]:
        return [path(page.route, url_language(page.view), name=page.name) for page in self._pages.values()]


detail_pages = DetailPageRegistry()


def item_map(*, label: str, layers: Sequence[Layer], height: str = "40vh") -> RenderedMap:
    """A small map for a detail page, fitted to its first layer (fetched from the API)."""
    folium_map = ServiceMap(label=label, height=height)
    ApiLayers(layers=layers, fit_layer=layers[0].key if layers else None).add_to(folium_map)
    return map_render(folium_map)


def item_layer(*, key: str, label: str, url: str | Callable[[], str], color: str) -> Layer:
    """One item's own geometry (an API detail URL), drawn plainly and not clickable."""
    return Layer(
        key=key,
        label=label,
        url=url,
        kind=Layer.AREA,
        style=LayerStyle(color=color, weight=3, fill_opacity=0.15),
        enabled=True,
        interactive=False,
    )


def item_detail(*, item: LocatedItem, key: str, map_label: str, layer_label: str, url: Callable[[], str], color: str) -> dict:
    """A located item's page context: `areas` it lies in and its small `map`
    (None while it has no geometry; the page then says so instead)."""
    small_map = None
    if item.geometry is not None:
        small_map = item_map(label=map_label, layers=[item_layer(key=key, label=layer_label, url=url, color=color)])
    return {"areas": located_areas(item), "map": small_map}
