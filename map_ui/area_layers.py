"""The area divisions as map layers and the area page's own sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from areas import selectors as area_selectors
from areas.models import Area

from .layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
from .sections import AreaSection, area_sections

# Outline colours by division level (larger areas first), each with at least
# 4.5:1 contrast on white so that the lines and the legend stay readable.
DIVISION_COLOURS = ("#0000bf", "#b3261e", "#006b4f", "#6b2c91", "#8a4b00", "#1a1a1a")
DIVISION_DASHES = (None, "6 4", None, "2 4", None, "8 4")
AREAS_PAGE_SIZE = 1000


def division_layers() -> list[Layer]:
    """One layer per division that has areas; the first (largest) shown at start."""
    divisions = [d for d in area_selectors.division_list() if d.area_count]
    layers = []
    for index, division in enumerate(divisions):
        palette = index % len(DIVISION_COLOURS)
        layers.append(
            Layer(
                key=f"areas-{division.slug}",
                label=division.name,
                url=api_url("area-list", division=division.slug, page_size=AREAS_PAGE_SIZE),
                kind=Layer.AREA,
                style=LayerStyle(
                    color=DIVISION_COLOURS[palette],
                    weight=3 if index == 0 else 2,
                    dash_array=DIVISION_DASHES[palette],
                ),
                popup_fields=(PopupField("code", _("Code")),),
                detail_url=page_url_template("map_ui:area", division="division", code="code"),
                detail_label=_("Open the area page"),
                enabled=index == 0,
                order=10 + index,
            )
        )
    return layers


def child_areas_section(area: Area) -> dict | None:
    children = list(area_selectors.area_children(area=area))
    return {"children": children} if children else None


def register() -> None:
    layer_registry.register_provider("areas", division_layers)
    area_sections.register(
        AreaSection(
            key="child-areas",
            title=_("Areas inside this area"),
            template_name="map_ui/sections/child_areas.html",
            context=child_areas_section,
            order=10,
        )
    )
