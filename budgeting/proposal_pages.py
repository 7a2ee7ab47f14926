"""Proposing, supporting and reading proposals in the browser.

The form works as plain HTML: an address field stands in for the map, and the
similar proposals are listed by the server before the proposal is stored.
budgeting/propose.js only sets the point from a click on the map and shows its area.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.navigation import signin_required
from areas.geometry import GeometryError
from areas.selective_terms import PlaceNeeded
from geo_osallisuus.api import MSG_THROTTLED
from geo_osallisuus.throttling import page_write_wait
from map_ui.i18n import active_language, page_reverse, url_language
from map_ui.layers import Layer, LayerStyle, api_url
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import drafts, selectors, services
from .forms import ProposalForm, place_error
from .models import Proposal
from .pages import area_layer, phase_now, round_or_404

ACTION_DRAFT = "draft"
ACTION_SUBMIT = "submit"
ACTION_CONFIRM = "confirm"  # submit although similar proposals were shown


def _propose_map(round):
    layers = [
        Layer(
            key="budget-areas",
            label=_("Budget areas"),
            url=api_url("area-list", division=round.division.slug, page_size=100),
            style=LayerStyle(color="#0000bf", weight=2, fill_opacity=0.03),
            interactive=False,
            enabled=True,
        )
    ]
    folium_map = ServiceMap(label=_("Map for placing the proposal"), described_by="place-help", height="45vh")
    ApiLayers(layers=layers, fit_layer="budget-areas").add_to(folium_map)
    return folium_map


def _render_form(request, round, form, *, similar=None, status=200):
    folium_map = _propose_map(round)
    return render(
        request,
        "budgeting/propose.html",
        {
            "round": round,
            "phase": phase_now(round),
            "open": services.proposals_open(round=round),
            "form": form,
            "similar": similar,
            "map": map_render(folium_map),
            "propose_config": {
                "map": folium_map.get_name(),
                "lookupUrl": reverse("area-lookup"),
                "division": round.division.slug,
                # A point in a merged area counts for another (Östersundom's for Itäinen).
                "mergedInto": {m.area.code: m.into.name for m in round.merges.select_related("area", "into")},
                "language": active_language(),
                "messages": {
                    "looking": _("Looking up the area…"),
                    "failed": _("The area could not be looked up; the point is kept all the same."),
                    "outside": _("The point is outside Helsinki: choose a place in Helsinki."),
                    "area": _("Chosen point in the area {area}."),
                    "merged": _("Chosen point in {area}, whose proposals count for {into}."),
                    "chosen": _("Chosen point"),
                },
            },
        },
        status=status,
    )


@url_language
@signin_required
def propose(request, year: int):
    round = round_or_404(year)
    session, user = request.session, request.user
    if request.method != "POST":
        draft = drafts.draft_get(session=session, user=user, round=round)
        return _render_form(request, round, ProposalForm(initial=draft or {}))

    form = ProposalForm(request.POST)
    action = request.POST.get("action", ACTION_SUBMIT)
    # Whatever happens next, nothing typed is lost before the proposal is stored.
    drafts.draft_save(session=session, user=user, round=round, data=request.POST)
    if action == ACTION_DRAFT:
        messages.success(request, _("Your draft is saved. It waits here until you submit it."))
        return redirect(page_reverse("budgeting:propose", kwargs={"year": round.year}))
    if not form.is_valid():
        return _render_form(request, round, form, status=400)
    data = form.cleaned_data
    if action != ACTION_CONFIRM:
        try:
            similar = selectors.proposal_similar(round=round, text=data["title"], point=data["location"], srid=4326)
        except PlaceNeeded:  # an all-Helsinki title of common words: thousands share them, none to show
            similar = []
        if similar:
            return _render_form(request, round, form, similar=similar)
    if (wait := page_write_wait(request)) is not None:
        form.add_error(None, MSG_THROTTLED.format(seconds=wait))
        response = _render_form(request, round, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        proposal = services.proposal_create(
            round=round,
            author=user,
            title=data["title"],
            description=data["description"],
            location=data["location"],
            all_helsinki=data["all_helsinki"],
        )
    except GeometryError as exc:
        place_error(form, exc, field="address")
        return _render_form(request, round, form, status=400)
    except ValidationError as exc:
        # Closed proposals concern the whole form; every other refusal is about the place.
        place_error(form, exc, field="address" if services.proposals_open(round=round) else None)
        return _render_form(request, round, form, status=400)
    drafts.draft_clear(session=session, user=user, round=round)
    messages.success(request, _("Thank you! Your proposal is submitted."))
    return redirect(page_reverse("budgeting:proposal", kwargs={"pk": proposal.pk}))


def _proposal_or_404(request, pk: int) -> Proposal:
    proposal = selectors.proposal_list(user=request.user).filter(pk=pk).select_related("round", "merged_into").first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


@url_language
def proposal_detail(request, pk: int):
    proposal = _proposal_or_404(request, pk)
    user = request.user
    can_support = (
        services.proposals_open(round=proposal.round)
        and proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
        and proposal.author_id != user.pk
    )
    folium_map = None
    if proposal.location is not None or proposal.area is not None:
        layers = [area_layer(proposal.area)] if proposal.area is not None else []
        if proposal.location is not None:
            layers.append(
                Layer(
                    key="proposal",
                    label=proposal.title,
                    url=api_url("budget-proposal-detail", kwargs={"pk": proposal.pk}),
                    kind=Layer.POINT,
                    style=LayerStyle(color="#6b2c91"),
                    title_property="title",
                    enabled=True,
                )
            )
        folium_map = ServiceMap(label=_("Map of {name}").format(name=proposal.title), height="35vh")
        ApiLayers(layers=layers, fit_layer="area" if proposal.area is not None else None).add_to(folium_map)
    return render(
        request,
        "budgeting/proposal_detail.html",
        {
            "proposal": proposal,
            "phase": phase_now(proposal.round),
            "can_support": can_support,
            "supported": user.is_authenticated and proposal.supports.filter(user=user).exists(),
            "is_mine": user.is_authenticated and proposal.author_id == user.pk,
            "map": map_render(folium_map) if folium_map else None,
        },
    )


@url_language
@require_POST
@signin_required
def proposal_support(request, pk: int):
    """Support from the proposal page or instead of proposing; back to the proposal either way."""
    proposal = _proposal_or_404(request, pk)
    try:
        services.proposal_support(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You support this proposal."))
    return redirect(page_reverse("budgeting:proposal", kwargs={"pk": proposal.pk}))
