"""The workspace's maps: every layer is fetched from the API (the same selectors
as the pages' tables), drawn by map_ui's script; nothing is inlined."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.utils.translation import gettext as _

from areas.models import DivisionType
from resident_areas.models import ResidentArea
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template, url_with_query
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import selectors

AREA_COLOUR = "#0000bf"
PROPOSAL_COLOUR = "#b3261e"
OFFICIAL_COLOUR = "#1a1a1a"
# The division drawn under a resident area proposal: fine enough to show which
# districts it crosses, coarse enough to load at once.
OFFICIAL_DIVISION = "peruspiiri"
COVERAGE_STYLES = {
    selectors.GAP: LayerStyle(color="#b3261e", weight=2, fill_opacity=0.35),
    selectors.COVERED: LayerStyle(color="#00783e", weight=1, fill_opacity=0.1),
    selectors.OVERLAP: LayerStyle(color="#6b2c91", weight=3, fill_opacity=0.35, dash_array="6 4"),
}
MAP_HEIGHT = "45vh"
CONTROLS_ID = "map-layers"


def _rendered(folium_map: ServiceMap, layers: Sequence[Layer], *, fit_layer: str | None = None) -> dict:
    """The map's pieces and its legend (map_ui/_layer_controls.html: `layers`, `controls_id`)."""
    ApiLayers(layers=layers, controls_id=CONTROLS_ID, fit_layer=fit_layer).add_to(folium_map)
    return {"map": map_render(folium_map), "layers": [layer.to_config() for layer in layers], "controls_id": CONTROLS_ID}


def _area_page() -> dict:
    return {
        "detail_url": page_url_template("map_ui:area", division="division", code="code"),
        "detail_label": _("Open the area page"),
    }


def workspace_map(*, areas: Sequence[dict]) -> dict:
    """The luotsi's areas (`area_ref` dicts), with what the registry's area-filtered
    layers (cases, spaces, projects, ...) hold in them."""
    area_ids = [area["id"] for area in areas]
    names = {area["id"]: area["name"] for area in areas}
    layers = [
        Layer(
            key=f"my-area-{pk}",
            label=_("My area: {name}").format(name=names[pk]),
            url=api_url("area-detail", kwargs={"pk": pk}),
            style=LayerStyle(color=AREA_COLOUR, weight=3, fill_opacity=0.08),
            enabled=True,
            **_area_page(),
        )
        for pk in area_ids
    ]
    if area_ids:
        ids = ",".join(str(pk) for pk in area_ids)
        layers += [
            dataclasses.replace(layer, url=url_with_query(layer.source_url(), area=ids), bbox=False, enabled=True)
            for layer in layer_registry.layers()
            if layer.filter_by_area
        ]
    folium_map = ServiceMap(label=_("Map of my areas"), height=MAP_HEIGHT)
    return _rendered(folium_map, layers, fit_layer=layers[0].key if area_ids else None)


def resident_area_map(*, resident_area: ResidentArea) -> dict:
    """The proposal drawn over the official districts it may cross."""
    layers = [
        Layer(
            key="official",
            label=DivisionType.objects.get(slug=OFFICIAL_DIVISION).name,
            url=api_url("area-list", division=OFFICIAL_DIVISION, page_size=1000),
            style=LayerStyle(color=OFFICIAL_COLOUR, weight=1.5, fill_opacity=0, dash_array="6 4"),
            enabled=True,
            interactive=False,
        ),
        Layer(
            key="proposal",
            label=_("The proposed area"),
            url=api_url("resident-area-detail", kwargs={"pk": resident_area.pk}),
            style=LayerStyle(color=PROPOSAL_COLOUR, weight=3, fill_opacity=0.25),
            enabled=True,
            interactive=False,
        ),
    ]
    folium_map = ServiceMap(label=_("Map of the proposed area {name}").format(name=resident_area.name), height=MAP_HEIGHT)
    return _rendered(folium_map, layers, fit_layer="proposal")


def coverage_map(*, division: DivisionType, role: str) -> dict:
    """The division's areas by coverage (the coverage API: its selector is the table's)."""
    labels = {
        selectors.GAP: _("Gaps: no luotsi"),
        selectors.COVERED: _("Covered: one luotsi"),
        selectors.OVERLAP: _("Overlaps: more than one luotsi"),
    }
    layers = [
        Layer(
            key=f"coverage-{status}",
            label=labels[status],
            url=api_url("luotsi-coverage", division=division.slug, role=role, status=status),
            style=style,
            popup_fields=(PopupField("effective_count", _("Luotsit serving it")),),
            enabled=True,
            **_area_page(),
        )
        for status, style in COVERAGE_STYLES.items()
    ]
    folium_map = ServiceMap(label=_("Coverage map of {division}").format(division=division.name), height=MAP_HEIGHT)
    return _rendered(folium_map, layers)
