"""The search's pages and what it adds to the map pages.

Registered from SearchConfig.ready(): the results page (/haku/?q=, the search
box without JavaScript), the near-me page's list of the nearest items and the
fragment its script fetches (/lahella/kohteet/?lat=&lon=), rendered in the
page's language so the distances read as the page writes numbers.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ParseError

from areas.api.params import point as point_param
from areas.selectors import division_list
from map_ui.i18n import page_reverse
from map_ui.layers import page_url_template
from map_ui.numbers import distance
from map_ui.pages import DetailPage, detail_pages
from map_ui.sections import NearMePanel, near_me_panels

from .forms import SearchForm
from .nearby import NEARBY_RADIUS_M, nearby_items
from .selectors import place_search

KIND_LABELS = {
    "address": gettext_lazy("Address"),
    "street": gettext_lazy("Street"),
    "area": gettext_lazy("Area"),
    "space": gettext_lazy("City space"),
    "case": gettext_lazy("Pending case"),
}


def search_box_config() -> dict:
    """What the search box's script needs: the API, the labels, the messages."""
    return {
        "api": reverse("search"),
        "kinds": {kind: str(label) for kind, label in KIND_LABELS.items()},
        "messages": {
            "count": _("{count} suggestions. Use the up and down arrow keys to choose one and Enter to go there."),
            "one": _("1 suggestion. Use the down arrow key to choose it and Enter to go there."),
            "none": _("No suggestions."),
            "failed": _("The search failed. Try again later."),
            "chosen": _("Moved the map to {name}."),
            "open": _("Open its page"),
            "near": _("What is near here"),
            "areas": _("Areas at this point"),
            "luotsi": _("Your luotsi"),
        },
        "nearMe": page_reverse("map_ui:near-me"),
        "lookup": reverse("area-lookup"),
        "luotsiLookup": reverse("luotsi-lookup"),
        "nearby": page_reverse("map_ui:near-me-items"),
        "areaUrl": page_url_template("map_ui:area", division="division", code="code")(),
        "divisions": {d.slug: d.name for d in division_list()},
    }


def search_page(request):
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    hits = None
    if form.is_bound and form.is_valid():
        hits = [(hit, KIND_LABELS[hit.kind]) for hit in place_search(text=form.cleaned_data["q"])]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "search/results.html",
        {"form": form, "hits": hits},
        status=status,
    )


def nearby_fragment(request):
    """The nearest items to ?lat=&lon= as an HTML fragment (near_me_nearby.js inserts it)."""
    try:
        _given, point = point_param(request.GET)
    except ParseError as error:
        return render(request, "search/nearby.html", {"error": str(error.detail)}, status=400)
    return render(
        request, "search/nearby.html", {"lists": nearby_items(point=point), "radius": distance(NEARBY_RADIUS_M)}
    )


def near_me_nearby_config() -> dict:
    return {
        "fragmentUrl": page_reverse("map_ui:near-me-items"),
        "messages": {
            "choose": _("Choose a point to see the nearest pending cases, city spaces and budget projects."),
            "looking": _("Looking for what is near…"),
            "failed": _("Could not find what is near. Try again later."),
        },
    }


def register() -> None:
    detail_pages.register(DetailPage(name="search", route="haku/", view=search_page))
    detail_pages.register(DetailPage(name="near-me-items", route="lahella/kohteet/", view=nearby_fragment))
    near_me_panels.register(
        NearMePanel(
            key="nearby",
            title=gettext_lazy("Nearest cases, spaces and projects"),
            script="search/near_me_nearby.js",
            config=near_me_nearby_config,
            order=110,
        )
    )
