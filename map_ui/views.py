"""Map pages: thin views that ask the registries and selectors, then render."""

from __future__ import annotations

import dataclasses

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from areas import selectors as area_selectors
from areas.models import Area

from .area_labels import AreaLabels
from .i18n import active_language, url_language
from .layers import Layer, LayerStyle, api_url, layer_registry, page_url_template, url_with_query
from .maps import ApiLayers, ServiceMap, map_render
from .sections import area_sections_render, near_me_panels_render

LAYER_CONTROLS_ID = "map-layers"


@url_language
def city_map(request):
    layers = layer_registry.layers()
    folium_map = ServiceMap(label=_("Map of Helsinki"), described_by="map-help")
    # The view fits the first layer shown at start (the whole city's districts).
    first_shown = next((layer.key for layer in layers if layer.enabled), None)
    ApiLayers(layers=layers, controls_id=LAYER_CONTROLS_ID, fit_layer=first_shown).add_to(folium_map)
    AreaLabels().add_to(folium_map)
    divisions = [d for d in area_selectors.division_list() if d.area_count]
    areas_by_division = {d.pk: [] for d in divisions}
    for area in area_selectors.area_index():
        areas_by_division.setdefault(area.division_id, []).append(area)
    return render(
        request,
        "map_ui/city_map.html",
        {
            "map": map_render(folium_map),
            "layers": [layer.to_config() for layer in layers],
            "controls_id": LAYER_CONTROLS_ID,
            "area_lists": [(d, areas_by_division[d.pk]) for d in divisions],
        },
    )


@url_language
def area_detail(request, division: str, code: str):
    try:
        area = area_selectors.area_get(division=division, code=code)
    except Area.DoesNotExist:
        raise Http404(_("No such area.")) from None
    layers = [
        Layer(
            key="area",
            label=area.name,
            url=api_url("area-detail", kwargs={"pk": area.pk}),
            style=LayerStyle(color="#0000bf", weight=3, fill_opacity=0.1),
            enabled=True,
        ),
        Layer(
            key="children",
            label=_("Areas inside this area"),
            url=api_url("area-list", parent=area.pk, page_size=1000),
            style=LayerStyle(color="#b3261e", weight=1.5, fill_opacity=0, dash_array="6 4"),
            detail_url=page_url_template("map_ui:area", division="division", code="code"),
            detail_label=_("Open the area page"),
            enabled=True,
        ),
    ]
    # What lies in the area (cases, spaces, ...): the registry's layers that
    # the located API can filter by area, limited to this one.
    layers += [
        dataclasses.replace(
            layer, url=url_with_query(layer.source_url(), area=area.pk), bbox=False, enabled=True
        )
        for layer in layer_registry.layers()
        if layer.filter_by_area
    ]
    folium_map = ServiceMap(label=_("Map of {name}").format(name=area.name), height="45vh")
    ApiLayers(layers=layers, fit_layer="area").add_to(folium_map)
    return render(
        request,
        "map_ui/area_detail.html",
        {
            "area": area,
            "ancestors": list(reversed(area_selectors.area_ancestors(area))),
            "map": map_render(folium_map),
            "sections": area_sections_render(area=area),
        },
    )


@url_language
def near_me(request):
    # The largest division for orientation; a click anywhere picks the point.
    layers = [
        dataclasses.replace(layer, interactive=False, enabled=True)
        for layer in layer_registry.layers()
        if layer.kind == Layer.AREA
    ][:1]
    folium_map = ServiceMap(label=_("Map for choosing a point"), described_by="near-me-help", height="55vh")
    ApiLayers(layers=layers).add_to(folium_map)
    return render(
        request,
        "map_ui/near_me.html",
        {
            "map": map_render(folium_map),
            "near_me": {
                "map": folium_map.get_name(),
                "lookupUrl": reverse("area-lookup"),
                "language": active_language(),
                "divisions": {d.slug: d.name for d in area_selectors.division_list()},
                "areaUrl": page_url_template("map_ui:area", division="division", code="code")(),
                "messages": {
                    "looking": _("Looking up the areas…"),
                    "failed": _("The lookup failed. Try again later."),
                    "noLocation": _("Your browser did not give a location. Click the map instead."),
                    "point": _("Chosen point: {lat}, {lon}. It lies in these areas:"),
                    "chosen": _("Chosen point"),
                },
            },
            "panels": near_me_panels_render(),
        },
    )
