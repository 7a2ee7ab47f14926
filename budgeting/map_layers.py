"""Budgeting on the city map: a layer per round with something to show, named by
its year — the projects of a round whose results are not public yet (proposed,
planned, in the vote, being counted), and the winners of a round whose results
are, with their implementation status. Newest round first.

A provider (called per request, never at import) because which rounds there are
is data. Registered from BudgetingConfig.ready().
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template

from .models import BudgetRound
from .phases import round_results_public
from .publication import round_result_published
from .results import snapshot_winner_ids
from .selectors import round_list

PROVIDER_NAME = "budgeting"
PROJECTS_PAGE_SIZE = 1000


def project_page_url():
    return page_url_template("budgeting:project", pk="id")


def budget_layers() -> list[Layer]:
    layers = []
    for round in round_list().order_by("-year"):
        if round_results_public(round=round):
            published = round_result_published(round=round)
            if snapshot_winner_ids(published.budgets):
                layers.append(_winners_layer(round))
        elif round.projects.exists():
            layers.append(_projects_layer(round))
    return layers


def _projects_layer(round: BudgetRound) -> Layer:
    return Layer(
        key=f"budget-projects-{round.year}",
        label=_("Budget projects {year}").format(year=round.year),
        # map_points: a project without a point of its own is drawn inside its area.
        url=api_url("budget-project-list", round=round.pk, map_points="true", page_size=PROJECTS_PAGE_SIZE),
        kind=Layer.POINT,
        cluster=True,
        marker="diamond",
        style=LayerStyle(color="#6b2c91"),
        title_property="title",
        status_property="status_label",
        popup_fields=(PopupField("cost", _("Cost (EUR)")),),
        detail_url=project_page_url(),
        detail_label=_("Open the project page"),
        order=60,
    )


def _winners_layer(round: BudgetRound) -> Layer:
    return Layer(
        key=f"budget-winners-{round.year}",
        label=_("Winning budget projects {year}").format(year=round.year),
        url=api_url("budget-round-winners", kwargs={"pk": round.pk}),
        kind=Layer.POINT,
        marker="star",
        style=LayerStyle(color="#006b4f"),
        title_property="title",
        status_property="implementation_status_label",
        popup_fields=(PopupField("cost", _("Cost (EUR)")), PopupField("votes", _("Votes"))),
        detail_url=project_page_url(),
        detail_label=_("Open the project page"),
        order=61,
    )


def register() -> None:
    layer_registry.register_provider(PROVIDER_NAME, budget_layers)
