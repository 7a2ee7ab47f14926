"""Area names written on the map, each division in the zoom band where its names fit.

At the city zoom (11) the eight suurpiirit fill the map; a peruspiiri (3-5 km)
has room for its name from zoom 12, an osa-alue (1-2 km) from 13, where a
pixel is about 10 m. The page's script (map_ui/map_labels.js) fetches the label
points from the API, shows the band's names in the page's language and hides a
name that would cover one already placed (larger areas are placed first).
"""

from __future__ import annotations

import folium
from django.templatetags.static import static
from django.urls import reverse
from folium.elements import JSCSSMixin
from folium.template import Template

from .i18n import active_language
from .maps import CITY_ZOOM, MAX_ZOOM, MIN_ZOOM

# Division slug -> (lowest zoom, highest zoom) at which its names are written.
LABEL_BANDS = {
    "suurpiiri": (MIN_ZOOM, CITY_ZOOM),
    "peruspiiri": (CITY_ZOOM + 1, CITY_ZOOM + 1),
    "osa-alue": (CITY_ZOOM + 2, MAX_ZOOM),
}


def label_config() -> dict:
    return {
        "url": reverse("area-labels") + "?divisions=" + ",".join(LABEL_BANDS),
        "language": active_language(),
        "bands": [{"division": slug, "minZoom": low, "maxZoom": high} for slug, (low, high) in LABEL_BANDS.items()],
    }


class AreaLabels(JSCSSMixin, folium.MacroElement):
    """Names of the areas on a ServiceMap (map_ui/map_labels.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.geoMapLabels.attach({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "AreaLabels"
        self.default_js = [("map_labels", static("map_ui/map_labels.js"))]
        self.default_css = [("map_labels_css", static("map_ui/map_labels.css"))]
        self.config = label_config()
