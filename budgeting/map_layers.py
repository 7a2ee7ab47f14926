"""Budgeting on the city map: the latest round's projects and, once its results
are public, its winners with their implementation status.

A provider (called per request, never at import) because which round is the
latest is data. Registered from BudgetingConfig.ready().
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template

from .phases import round_results_public
from .selectors import round_list

PROVIDER_NAME = "budgeting"
PROJECTS_PAGE_SIZE = 1000


def project_page_url():
    return page_url_template("budgeting:project", pk="id")


def budget_layers() -> list[Layer]:
    round = round_list().first()
    if round is None:
        return []
    layers = [
        Layer(
            key="budget-projects",
            label=_("Budget projects {year}").format(year=round.year),
            # map_points: a project without a point of its own is drawn inside its area.
            url=api_url("budget-project-list", round=round.pk, map_points="true", page_size=PROJECTS_PAGE_SIZE),
            kind=Layer.POINT,
            cluster=True,
            style=LayerStyle(color="#6b2c91"),
            title_property="title",
            status_property="status_label",
            popup_fields=(PopupField("cost", _("Cost (EUR)")),),
            detail_url=project_page_url(),
            detail_label=_("Open the project page"),
            order=60,
        )
    ]
    if round_results_public(round=round):
        layers.append(
            Layer(
                key="budget-winners",
                label=_("Winning budget projects {year}").format(year=round.year),
                url=api_url("budget-round-winners", kwargs={"pk": round.pk}),
                kind=Layer.POINT,
                style=LayerStyle(color="#006b4f"),
                title_property="title",
                status_property="implementation_status_label",
                popup_fields=(PopupField("cost", _("Cost (EUR)")), PopupField("votes", _("Votes"))),
                detail_url=project_page_url(),
                detail_label=_("Open the project page"),
                order=61,
            )
        )
    return layers


def register() -> None:
    layer_registry.register_provider(PROVIDER_NAME, budget_layers)
