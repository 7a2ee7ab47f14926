"""Resident-facing budgeting pages: the round, its sums, results and projects.

Proposing is in proposal_pages.py, voting in vote_pages.py. Every page asks the
rules of services, selectors, phases, voting and publication; nothing is decided here.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_osallisuus.roles import user_is_planner
from map_ui.i18n import url_language
from map_ui.layers import Layer, LayerStyle, api_url
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import selectors
from .models import BudgetRound
from .phases import round_phase, round_results_public
from .publication import result_budgets_named

PHASE_LABELS = {
    "upcoming": gettext_lazy("Not open yet"),
    "proposals": gettext_lazy("Proposals"),
    "planning": gettext_lazy("Planning"),
    "voting": gettext_lazy("Voting"),
    "counting": gettext_lazy("Counting the votes"),
    "implementation": gettext_lazy("Results and implementation"),
    "over": gettext_lazy("Over"),
}


def round_or_404(year: int | None) -> BudgetRound:
    """The round of `year`, or without one the current round."""
    found = selectors.round_current() if year is None else selectors.round_list().filter(year=year).first()
    if found is None:
        raise Http404(_("No such budget round."))
    return found


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def phase_now(round: BudgetRound) -> dict:
    """The round's phase today and, in words, what a resident can do in it."""
    phase = round_phase(round=round)
    doing = {
        "upcoming": _("Proposals can be made from {day}.").format(day=_day(round.proposals_opens)),
        "proposals": _("Propose how to use the money, or support proposals already made, until {day}.").format(
            day=_day(round.proposals_closes)
        ),
        "planning": _("Planners turn the proposals into costed projects. Voting opens on {day}.").format(
            day=_day(round.voting_opens)
        ),
        "voting": _("Vote for the projects you want until {day}; you can change your vote until then.").format(
            day=_day(round.voting_closes)
        ),
        "counting": _("Voting has closed. The results are published on {day}.").format(day=_day(round.results_on)),
        "implementation": _("The results are out. The winning projects are carried out by {day}.").format(
            day=_day(round.implementation_until)
        ),
        "over": _("The round is over."),
    }[phase]
    return {"key": phase, "label": PHASE_LABELS[phase], "doing": doing}


def round_phases(round: BudgetRound) -> list[tuple[str, object, object]]:
    return [
        (PHASE_LABELS["proposals"], round.proposals_opens, round.proposals_closes),
        (PHASE_LABELS["planning"], round.planning_opens, round.planning_closes),
        (PHASE_LABELS["voting"], round.voting_opens, round.voting_closes),
        (_("Results published"), round.results_on, None),
        (_("Implementation until"), round.implementation_until, None),
    ]


@url_language
def round_page(request, year: int | None = None):
    round = round_or_404(year)
    return render(
        request,
        "budgeting/round.html",
        {
            "round": round,
            "phase": phase_now(round),
            "phases": round_phases(round),
            "breakdown": selectors.allocation_breakdown(round=round),
            "other_rounds": selectors.round_list().exclude(pk=round.pk),
            "results_public": round_results_public(round=round),
        },
    )


@url_language
def results_page(request, year: int):
    round = round_or_404(year)
    public = round_results_public(round=round)
    # Before the results day only planners see the count so far (as in the API).
    budgets = result_budgets_named(round=round) if public or user_is_planner(request.user) else None
    return render(
        request,
        "budgeting/results.html",
        {"round": round, "phase": phase_now(round), "public": public, "budgets": budgets},
    )


def area_layer(area) -> Layer:
    return Layer(
        key="area",
        label=area.name,
        url=api_url("area-detail", kwargs={"pk": area.pk}),
        style=LayerStyle(color="#0000bf", weight=2, fill_opacity=0.05),
        interactive=False,
        enabled=True,
    )


@url_language
def project_detail(request, pk: int):
    project = selectors.project_list().filter(pk=pk).first()
    if project is None:
        raise Http404(_("No such project."))
    layers = [area_layer(project.area)] if project.area is not None else []
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
