"""The map's layer registry: what the city map can show, and how.

A layer is data the page fetches from the API as GeoJSON (never inlined into the
HTML) and draws with Leaflet. Apps add their layers from AppConfig.ready()::

    from map_ui.layers import Layer, PopupField, layer_registry, page_url_template

    layer_registry.register(Layer(
        key="cases",
        label=_("Pending cases"),
        url=reverse_lazy("case-list"),             # GeoJSON, paged with `next` links
        kind=Layer.POINT, cluster=True, bbox=True,
        style=LayerStyle(color="#bd2719"),
        status_property="status",
        popup_fields=(PopupField("sector", _("Sector")),),
        detail_url=page_url_template("cases:detail", pk="id"),
    ))

Layers whose set depends on data (one per area division) come from a provider,
a callable called per request that returns layers; providers never run at import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import reverse

from .i18n import active_language, page_reverse

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class LayerStyle:
    """Leaflet path options; colours must keep 3:1 contrast against a white map."""

    color: str
    weight: float = 2
    fill_opacity: float = 0.08
    dash_array: str | None = None

    def to_leaflet(self) -> dict[str, Any]:
        style = {"color": self.color, "weight": self.weight, "fillColor": self.color, "fillOpacity": self.fill_opacity}
        if self.dash_array:
            style["dashArray"] = self.dash_array
        return style


@dataclass(frozen=True)
class Choropleth:
    """An area layer filled by a numeric property: `colors` from lowest to
    highest class, the classes equal steps from 1 to the largest value shown;
    areas with 0 keep the layer's own faint fill."""

    property: str
    colors: tuple[str, ...] = ("#fde0c5", "#facba6", "#f59e72", "#e4643f", "#b3261e")
    fill_opacity: float = 0.6

    def to_config(self) -> dict[str, Any]:
        return {"property": self.property, "colors": list(self.colors), "fillOpacity": self.fill_opacity}


@dataclass(frozen=True)
class PopupField:
    """A feature property shown in the popup under a translatable label."""

    property: str
    label: str


@dataclass(frozen=True)
class Layer:
    AREA = "area"
    POINT = "point"
    SYMBOLS = ("dot", "square", "diamond", "triangle", "star")

    key: str
    label: str
    # The GeoJSON source: a FeatureCollection (following `next` links) or one
    # Feature. A str, a lazy str (reverse_lazy) or a callable returning one.
    url: str | Callable[[], str]
    kind: str = AREA
    style: LayerStyle = field(default_factory=lambda: LayerStyle(color="#1a1a1a"))
    # Point layers: group nearby markers (Leaflet.markercluster); unclustered
    # points are drawn as circles on one canvas, which stays fast for thousands.
    cluster: bool = False
    # Fetch only what the current view shows: the URL gets `bbox=w,s,e,n` and
    # `bbox_srid=4326` (the located API's parameters, areas.api.located) and is
    # fetched again after each move.
    bbox: bool = False
    # Point layers: "pin" is Leaflet's marker image (unclustered: a small circle);
    # the SYMBOLS are a marker (and cluster bubble) of that shape in the layer's
    # colour, the same as the legend's swatch (map_ui/map_symbols.js), so that
    # layers tell apart.
    marker: str = "pin"
    # The area page shows the layer too, its URL given `area=<area id>` (the
    # located API's area filter).
    filter_by_area: bool = False
    title_property: str = "name"
    status_property: str | None = None
    popup_fields: tuple[PopupField, ...] = ()
    # Translated labels of coded values: {"status": {"pending": _("pending")}}.
    value_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # A URL template with {property} placeholders, in the page's language.
    detail_url: Callable[[], str] | None = None
    detail_label: str = ""
    # A page listing the layer's items with links: the map's text alternative
    # for layers too large for the map page's own list.
    list_url: Callable[[], str] | None = None
    # Large layers: the OGC collection (ogc.registry) whose vector tiles
    # (/tiles/<collection>/{z}/{x}/{y}.mvt) draw the layer when the API's first
    # page says it holds more than `tiles_from` items; the page then fetches no
    # more pages. `tile_query` filters the tiles as the URL filters the list
    # (the collection's queryables), and `tile_properties` names the tile
    # property behind each property the popup reads ({"display_title": "title"}).
    # The tiles carry only what the page reads (`tile_property_names`).
    tiles: str | None = None
    tile_query: Mapping[str, str] = field(default_factory=dict)
    tile_properties: Mapping[str, str] = field(default_factory=dict)
    tiles_from: int = 2000
    # Area layers: fill each area by a numeric property (feedback counts).
    choropleth: Choropleth | None = None
    enabled: bool = False
    # False: drawn for orientation only; clicks go through to the map.
    interactive: bool = True
    order: int = 100

    def __post_init__(self) -> None:
        if self.kind not in (self.AREA, self.POINT):
            raise ValueError(f"Layer {self.key!r}: kind must be {self.AREA!r} or {self.POINT!r}, not {self.kind!r}.")
        if self.cluster and self.kind != self.POINT:
            raise ValueError(f"Layer {self.key!r}: only point layers can be clustered.")
        if self.choropleth is not None and self.kind != self.AREA:
            raise ValueError(f"Layer {self.key!r}: only area layers can be a choropleth.")
        if self.marker != "pin" and self.marker not in self.SYMBOLS:
            raise ValueError(f"Layer {self.key!r}: marker must be 'pin' or one of {self.SYMBOLS}, not {self.marker!r}.")

    def source_url(self) -> str:
        return str(self.url() if callable(self.url) else self.url)

    def to_config(self) -> dict[str, Any]:
        """What the page's script needs, with every label in the active language."""
        return {
            "key": self.key,
            "label": str(self.label),
            "url": self.source_url(),
            "kind": self.kind,
            "style": self.style.to_leaflet(),
            "cluster": self.cluster,
            "bbox": self.bbox,
            "marker": self.marker,
            "titleProperty": self.title_property,
            "statusProperty": self.status_property,
            "popupFields": [{"property": f.property, "label": str(f.label)} for f in self.popup_fields],
            "valueLabels": {
                name: {str(value): str(label) for value, label in labels.items()}
                for name, labels in self.value_labels.items()
            },
            "detailUrl": self.detail_url() if self.detail_url else None,
            "detailLabel": str(self.detail_label),
            "listUrl": self.list_url() if self.list_url else None,
            "choropleth": self.choropleth.to_config() if self.choropleth else None,
            "enabled": self.enabled,
            "interactive": self.interactive,
            **self._tile_config(),
        }

    def read_properties(self) -> list[str]:
        """The feature properties the page reads: the title, the status, the popup's
        fields, the choropleth's value and the detail link's placeholders."""
        names = [self.title_property, self.status_property, *(f.property for f in self.popup_fields)]
        if self.choropleth:
            names.append(self.choropleth.property)
        if self.detail_url:
            names.extend(_PLACEHOLDER.findall(self.detail_url()))
        return [name for name in dict.fromkeys(names) if name]

    def tile_property_names(self, language: str) -> list[str]:
        """The tile properties behind `read_properties` (by `tile_properties`), each with its
        form in `language` where the layer has one (name_sv), in the collection's order.
        The feature id comes with every tile feature; nothing else is sent."""
        from ogc.registry import collection_registry

        published = list(collection_registry.get(self.tiles).properties)
        wanted = {self.tile_properties.get(name, name) for name in self.read_properties()}
        wanted |= {f"{name}_{language}" for name in wanted}
        return [name for name in published if name in wanted]

    def _tile_config(self) -> dict[str, Any]:
        if not self.tiles:
            return {"tiles": None}
        # The route takes any path segment, so zeros stand in for {z}/{x}/{y}.
        url = reverse("ogc:tile", kwargs={"layer": self.tiles, "z": 0, "x": 0, "y": 0})
        url = url.removesuffix("/0/0/0.mvt") + "/{z}/{x}/{y}.mvt"
        query = {**self.tile_query, "properties": ",".join(self.tile_property_names(active_language()))}
        return {
            "tiles": url_with_query(url, **query),
            "tilesName": self.tiles,
            "tilesFrom": self.tiles_from,
            "tileProperties": dict(self.tile_properties),
            # One feature of the list is enough to learn its count.
            "countUrl": url_replacing_query(self.source_url(), page_size=1),
        }


LayerProvider = Callable[[], Iterable[Layer]]


class LayerRegistry:
    """Layers in the order the legend lists them; keys are unique per page."""

    def __init__(self) -> None:
        self._layers: dict[str, Layer] = {}
        self._providers: dict[str, LayerProvider] = {}

    def register(self, layer: Layer) -> Layer:
        if layer.key in self._layers:
            raise ValueError(f"A map layer {layer.key!r} is already registered.")
        self._layers[layer.key] = layer
        return layer

    def register_provider(self, name: str, provider: LayerProvider) -> None:
        """`provider()` is called per request and returns layers (e.g. one per division)."""
        if name in self._providers:
            raise ValueError(f"A map layer provider {name!r} is already registered.")
        self._providers[name] = provider

    def unregister(self, key: str) -> None:
        self._layers.pop(key, None)
        self._providers.pop(key, None)

    def layers(self) -> list[Layer]:
        found = list(self._layers.values())
        for provider in self._providers.values():
            found.extend(provider())
        keys = [layer.key for layer in found]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise ValueError(f"Map layer keys are not unique: {sorted(duplicates)}")
        return sorted(found, key=lambda layer: (layer.order, keys.index(layer.key)))


layer_registry = LayerRegistry()


def api_url(viewname: str, *, kwargs: dict | None = None, **query: object) -> Callable[[], str]:
    """A lazy API URL with a query string, e.g. api_url("area-list", division="suurpiiri")."""

    def build() -> str:
        url = reverse(viewname, kwargs=kwargs)
        return f"{url}?{urlencode(query)}" if query else url

    return build


def url_with_query(url: str, **query: object) -> str:
    """`url` with more query parameters."""
    return url + ("&" if "?" in url else "?") + urlencode(query)


def url_replacing_query(url: str, **query: object) -> str:
    """`url` with the query parameters `query` set (replacing their earlier values)."""
    parts = urlsplit(url)
    kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in query]
    return urlunsplit(parts._replace(query=urlencode(kept + list(query.items()))))


# Digits pass every path converter but uuid; they stand in for the properties
# while reversing and are replaced by {property} placeholders afterwards.
_SENTINEL = "90417{}3"


def page_url_template(viewname: str, **properties: str) -> Callable[[], str]:
    """A detail-page URL in the active language with {property} placeholders.

    page_url_template("map_ui:area", division="division", code="code")()
    -> "/sv/alue/{division}/{code}/" when Swedish is active.
    """

    def build() -> str:
        sentinels = {kwarg: _SENTINEL.format(i) for i, kwarg in enumerate(properties)}
        url = page_reverse(viewname, kwargs=sentinels)
        for kwarg, sentinel in sentinels.items():
            url = url.replace(sentinel, "{" + properties[kwarg] + "}")
        return url

    return build
