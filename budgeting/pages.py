"""Resident-facing budgeting pages, rendered with the map pages' base template."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from map_ui.i18n import url_language
from map_ui.layers import Layer, LayerStyle, api_url
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import selectors


@url_language
def project_detail(request, pk: int):
    project = selectors.project_list().filter(pk=pk).first()
    if project is None:
        raise Http404(_("No such project."))
    layers = []
    if project.area is not None:
        layers.append(
            Layer(
                key="area",
                label=project.area.name,
                url=api_url("area-detail", kwargs={"pk": project.area_id}),
                style=LayerStyle(color="#0000bf", weight=2, fill_opacity=0.05),
                interactive=False,
                enabled=True,
            )
        )
    layers.append(
        Layer(
            key="project",
            label=project.title,
            url=api_url("budget-project-detail", kwargs={"pk": project.pk}, map_points="true"),
            kind=Layer.POINT,
            style=LayerStyle(color="#6b2c91"),
            title_property="title",
            status_property="status_label",
            enabled=True,
        )
    )
    folium_map = ServiceMap(label=_("Map of {name}").format(name=project.title), height="40vh")
    ApiLayers(layers=layers, fit_layer="area" if project.area is not None else None).add_to(folium_map)
    return render(
        request,
        "budgeting/project_detail.html",
        {
            "project": project,
            "map": map_render(folium_map),
        },
    )
