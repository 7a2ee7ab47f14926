"""folium maps whose every script, style and icon is a static file of the service.

folium.Map pulls Leaflet, jQuery, Bootstrap and Font Awesome from CDNs by
default. ServiceMap replaces those lists per instance with the service's own
static files (installed from the xstatic packages, see STATICFILES_DIRS), adds a
tile layer only when settings.MAP_TILE_URL names one, and renders into the
service's own page instead of a whole document: `map_render` returns the head
links, the map element and the script for a Django template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from folium.elements import JSCSSMixin
from folium.template import Template

from areas.land import land_area

from .i18n import active_language
from .layers import Layer

# Helsinki's centre and a zoom that shows the whole city on a common screen.
HELSINKI_CENTRE = (60.2055, 24.9900)
CITY_ZOOM = 11
MIN_ZOOM = 8
MAX_ZOOM = 19
# The plain background: land in the earlier plain map's colour; water (map.css) a pale blue.
LAND_COLOUR = "#f4f4f0"


def leaflet_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [("leaflet", static("xstatic/leaflet/leaflet.js"))]
    css = [("leaflet_css", static("xstatic/leaflet/leaflet.css")), ("map_ui_css", static("map_ui/map.css"))]
    return js, css


class ServiceMap(folium.Map):
    """A folium.Map that needs no other host.

    The template is folium's without its full-window styles and without
    `user-scalable=no`, which would stop people from zooming the page.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                #{{ this.get_name() }} { height: {{ this.height[0] }}{{ this.height[1] }}; }
            </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map geo-map{% if this.plain %} geo-map--plain{% endif %}" id={{ this.get_name()|tojson }}
                 role="region" aria-label={{ this.label|tojson }}
                 {% if this.described_by %}aria-describedby={{ this.described_by|tojson }}{% endif %}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            L.Icon.Default.imagePath = {{ this.icon_path|tojson }};
            L.control.zoom({{ this.zoom_titles|tojson }}).addTo({{ this.get_name() }});
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        label: str,
        location: Sequence[float] = HELSINKI_CENTRE,
        zoom_start: int = CITY_ZOOM,
        height: str = "70vh",
        described_by: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(
            location=location,
            zoom_start=zoom_start,
            height=height,
            tiles=None,
            control_scale=True,
            # Added by the template with translated button titles.
            zoom_control=False,
            **kwargs,
        )
        # Without a tile layer nothing sets the zoom range, which marker
        # clustering needs; city-scale limits also keep people near Helsinki.
        self.options.update(min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)
        # Instance attributes: static() may consult the manifest, so not at import.
        self.default_js, self.default_css = leaflet_assets()
        self.label = str(label)
        self.described_by = described_by
        self.zoom_titles = {"zoomInTitle": gettext("Zoom in"), "zoomOutTitle": gettext("Zoom out")}
        # Leaflet guesses the marker icons' folder from its CSS, which fails with
        # hashed file names; the unhashed copies are always collected too.
        self.icon_path = static("xstatic/leaflet/images/")
        self.plain = False
        if settings.MAP_TILE_URL:
            folium.TileLayer(
                tiles=settings.MAP_TILE_URL, attr=settings.MAP_TILE_ATTRIBUTION or " ", name="background"
            ).add_to(self)
        elif land_area() is not None:
            # No tiles: the city's land on water, so that the shore and the islands show.
            self.plain = True
            PlainBackground().add_to(self)


class PlainBackground(JSCSSMixin, folium.MacroElement):
    """The land layer (API `land`) drawn under everything (map_ui/map_land.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.geoMapLand.attach({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "PlainBackground"
        self.default_js = [("map_land", static("map_ui/map_land.js"))]
        self.config = {"url": reverse("land"), "color": LAND_COLOUR}


class ApiLayers(JSCSSMixin, folium.MacroElement):
    """The registry's layers, fetched from the API by map_ui/map.js and drawn on the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.geoMap.attach({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, layers: Sequence[Layer], controls_id: str | None = None, fit_layer: str | None = None):
        super().__init__()
        self._name = "ApiLayers"
        self.default_js = [
            ("markercluster", static("xstatic/leaflet-markercluster/leaflet.markercluster.js")),
            ("vectorgrid", static("npm/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js")),
            # Before map.js: it listens for the maps map.js attaches.
            ("map_keyboard", static("map_ui/map_keyboard.js")),
            ("map_symbols", static("map_ui/map_symbols.js")),
            ("map_ui", static("map_ui/map.js")),
        ]
        self.default_css = [
            ("markercluster_css", static("xstatic/leaflet-markercluster/MarkerCluster.css")),
            ("markercluster_default_css", static("xstatic/leaflet-markercluster/MarkerCluster.Default.css")),
        ]
        self.config = {
            "language": active_language(),
            "layers": [layer.to_config() for layer in layers],
            "controls": controls_id,
            "fitLayer": fit_layer,
            "messages": map_messages(),
        }


def map_messages() -> dict[str, str]:
    _ = gettext
    return {
        "loading": _("Loading…"),
        "shown": _("On the map: {count}"),
        "shownTiles": _("On the map: {count} (drawn from vector tiles)"),
        "failed": _("Could not load this layer. Try again later."),
        "status": _("Status"),
        "cluster": _("{count} items here. Press Enter to show them."),
        "keyNone": _("0 or too few to publish"),
        # A point layer's item placed on a whole area (map.js, areaPlaced).
        "precision": _("Precision"),
        "areaPlaced": _("The whole area, not a single address"),
        "areaPlacedTitle": _("{title} (the whole area)"),
    }


@dataclass(frozen=True)
class RenderedMap:
    """The pieces of a folium map for a Django template."""

    header: SafeString
    html: SafeString
    script: SafeString


def map_render(folium_map: folium.Map) -> RenderedMap:
    figure = folium_map.get_root()
    figure.render()
    return RenderedMap(
        header=mark_safe(figure.header.render()),
        html=mark_safe(figure.html.render()),
        script=mark_safe(figure.script.render()),
    )
