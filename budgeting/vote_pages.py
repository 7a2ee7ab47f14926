"""Voting in the browser: the ballot, its confirmation, and how to become a voter.

voting.ballot_cast is the only check of a ballot; budgeting/ballot.js only shows
the running sums and keeps the boxes that would not fit from being ticked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.navigation import signin_required
from areas.geometry import GeometryError
from map_ui.i18n import page_reverse, url_language
from map_ui.layers import Layer, LayerStyle, api_url
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import selectors, services, voting
from .models import Project
from .pages import area_layer, phase_now, round_or_404

# Where a ballot's refusal is shown: beside the list it concerns, else above the form.
ERROR_PLACE = {voting.CODE_OVER_CITY_BUDGET: "city", voting.CODE_OVER_AREA_BUDGET: "area"}


def _chosen_area(request, round, view):
    """The area asked for (?alue= or the form), else the ballot's, else the voter's home area."""
    raw = request.POST.get("area") if request.method == "POST" else request.GET.get("alue")
    areas = {str(a.pk): a for a in selectors.round_budget_areas(round=round)}
    if raw in areas:
        return areas[raw]
    return view["area"] or view["suggested_area"]


def _ballot_map(round, area):
    layers = [area_layer(area)] if area is not None else []
    query = {"round": round.pk, "on_ballot": "true", "map_points": "true", "page_size": 500}
    for key, label, scope in (
        ("city-projects", _("All-Helsinki projects"), {"all_helsinki": "true"}),
        ("area-projects", _("Projects of the area"), {"budget_area": area.pk} if area else None),
    ):
        if scope is None:
            continue
        layers.append(
            Layer(
                key=key,
                label=label,
                url=api_url("budget-project-list", **query, **scope),
                kind=Layer.POINT,
                style=LayerStyle(color="#6b2c91" if key == "area-projects" else "#00614b"),
                title_property="title",
                enabled=True,
            )
        )
    folium_map = ServiceMap(label=_("Map of the projects on the ballot"), height="40vh")
    ApiLayers(layers=layers, fit_layer="area" if area is not None else None).add_to(folium_map)
    return map_render(folium_map)


def _budget(round, area, projects: list[Project]) -> dict | None:
    if not projects:
        return None
    try:
        amount = services.allocation_amount(round=round, area=area)
    except ValidationError:
        return None
    return {"amount": amount, "projects": projects}


@url_language
@signin_required
def vote(request, year: int):
    round = round_or_404(year)
    try:
        voter = voting.voter_for_user(request.user)
    except ValidationError:
        # Signed in without strong identification: no voter profile yet.
        return render(request, "budgeting/vote_identify.html", {"round": round, "phase": phase_now(round)}, status=403)
    view = voting.ballot_view(round=round, voter=voter)
    area = _chosen_area(request, round, view)
    chosen = set(view["projects"])
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST" and not view["can_vote"]:
        status = 403  # the page says why (view["message"]); nothing is stored
    elif request.method == "POST":
        try:
            ids = [int(v) for v in request.POST.getlist("projects")]
        except ValueError:
            ids = []
        chosen = set(ids)
        try:
            voting.ballot_cast(voter=voter, round=round, area=area, project_ids=ids)
        except (ValidationError, GeometryError) as exc:
            field = ERROR_PLACE.get(getattr(exc, "code", None), "form")
            errors.setdefault(field, []).extend(getattr(exc, "messages", [str(exc)]))
            status = 400
        else:
            return redirect(page_reverse("budgeting:vote-done", kwargs={"year": round.year}))
    projects = list(selectors.ballot_projects(round=round, area=area))
    return render(
        request,
        "budgeting/vote.html",
        {
            "round": round,
            "phase": phase_now(round),
            "view": view,
            "area": area,
            "areas": selectors.round_budget_areas(round=round),
            "city": _budget(round, None, [p for p in projects if p.all_helsinki]),
            "local": _budget(round, area, [p for p in projects if not p.all_helsinki]),
            "chosen": chosen,
            "errors": errors,
            "map": _ballot_map(round, area),
        },
        status=status,
    )


@url_language
@signin_required
def vote_done(request, year: int):
    round = round_or_404(year)
    try:
        voter = voting.voter_for_user(request.user)
    except ValidationError:
        return redirect(page_reverse("budgeting:vote", kwargs={"year": round.year}))
    view = voting.ballot_view(round=round, voter=voter)
    projects = list(Project.objects.filter(pk__in=view["projects"]).select_related("area").order_by("-all_helsinki", "title"))
    return render(
        request,
        "budgeting/vote_done.html",
        {"round": round, "phase": phase_now(round), "view": view, "projects": projects},
    )
