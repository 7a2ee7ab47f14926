"""Initiative pages: the list (/aloitteet/), the kind check (/aloitteet/uusi/), writing
(/aloitteet/uusi/kirjoita/), supporting and following; the initiative's own page is
initiatives.pages.initiative_page (/aloite/<id>/).

The kind check's answers and the draft being written are kept in the session until the
initiative is submitted, so nothing typed is lost between visits, errors or a sign-in.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.throttling import ScopedRateThrottle

from accounts.navigation import signin_required, signin_url
from areas.geometry import GeometryError
from areas.selective_terms import PlaceNeeded
from feedback.api.open311 import MSG_THROTTLED
from feedback.page_views import place_map
from geo_osallisuus.roles import user_is_signed_in
from map_ui.i18n import page_reverse, url_language

from . import kinds, selectors, services
from .api.views import InitiativeViewSet
from .forms import InitiativeForm, KindForm

KIND_SESSION_KEY = "initiative_kind"
DRAFT_SESSION_KEY = "initiative_draft"
DRAFT_FIELDS = ("title", "text", "category", "youth", "lat", "lon")
PAGE_SIZE = 25
# Which list ?kanava=nuoret shows: the youth channel's initiatives.
YOUTH_CHANNEL = "nuoret"


@url_language
def initiative_list(request):
    youth = request.GET.get("kanava") == YOUTH_CHANNEL
    queryset = selectors.initiative_list(user=request.user)
    if youth:
        queryset = queryset.filter(youth=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "initiatives/initiative_list.html", {"page": page, "youth": youth, "channel": YOUTH_CHANNEL})


@url_language
def initiative_kind(request):
    """Step 1: feedback, an initiative or an application? (initiatives.kinds)"""
    form = KindForm(request.POST or None)
    advice = None
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        advice = selectors.initiative_kind_advice(**answers, text=form.cleaned_data["text"])
        if advice.verdict.is_initiative:
            request.session[KIND_SESSION_KEY] = answers
            return redirect(page_reverse("initiatives:write"))
    return render(
        request,
        "initiatives/initiative_kind.html",
        {"form": form, "advice": advice, "feedback_kind": kinds.FEEDBACK},
    )


@url_language
@signin_required
def initiative_write(request):
    """Step 2: the initiative, with similar ones shown on request ("check for similar")."""
    answers = request.session.get(KIND_SESSION_KEY)
    if answers is None:
        return redirect(page_reverse("initiatives:new"))
    similar = None
    if request.method == "POST":
        request.session[DRAFT_SESSION_KEY] = {name: request.POST.get(name, "") for name in DRAFT_FIELDS}
        form = InitiativeForm(request.POST)
        action = request.POST.get("action")
        if action == "check":
            similar = _similar(request.POST)
            form = InitiativeForm(initial=request.session[DRAFT_SESSION_KEY])
        elif action == "draft":
            messages.info(request, _("Your draft is kept here until you submit it."))
            return redirect(page_reverse("initiatives:write"))
        elif (wait := _throttled(request)) is not None:
            form.is_valid()
            form.add_error(None, MSG_THROTTLED.format(seconds=wait))
        elif form.is_valid():
            created = _create(request, form, answers)
            if created is not None:
                return redirect(page_reverse("map_ui:initiative", kwargs={"pk": created.pk}))
    else:
        form = InitiativeForm(initial=request.session.get(DRAFT_SESSION_KEY) or None)
    return render(
        request,
        "initiatives/initiative_write.html",
        {"form": form, "similar": similar, "map": place_map()},
    )


def _throttled(request) -> int | None:
    """Seconds to wait when this user has used up the API's rate of initiative writes
    (the same scope and counter as InitiativeViewSet's)."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, SimpleNamespace(throttle_scope=InitiativeViewSet.throttle_scope)):
        return None
    return int(throttle.wait() or 60)


def _point(data) -> Point | None:
    return Point(data["lon"], data["lat"], srid=4326) if data.get("lat") is not None else None


def _similar(typed) -> list:
    """Open initiatives like the title typed so far; `typed` is the POST (its errors wait for the submit)."""
    probe = InitiativeForm(typed)
    probe.is_valid()
    title = (typed.get("title") or "").strip()
    if len(title) < 3:
        return []
    point = None
    if probe.cleaned_data.get("lat") is not None and probe.cleaned_data.get("lon") is not None:
        point = _point(probe.cleaned_data)
    try:
        try:
            return selectors.initiative_similar(text=title[:200], point=point)
        except GeometryError:  # a point outside the map's range: compare the titles alone
            return selectors.initiative_similar(text=title[:200], point=None)
    except PlaceNeeded:  # no place and common words only: thousands share them, none to show
        return []


def _create(request, form: InitiativeForm, answers: dict):
    data = form.cleaned_data
    try:
        created = services.initiative_create(
            author=request.user,
            title=data["title"],
            text=data["text"],
            category=data["category"],
            point=_point(data),
            youth=data["youth"],
            **answers,
        )
    except (ValidationError, GeometryError) as error:
        form.refusal(error)
        return None
    request.session.pop(DRAFT_SESSION_KEY, None)
    request.session.pop(KIND_SESSION_KEY, None)
    messages.success(request, _("Thank you: your initiative was submitted."))
    return created


def _act(request, pk: int, act, done: str):
    initiative = selectors.initiative_list(user=request.user).filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    page = page_reverse("map_ui:initiative", kwargs={"pk": pk})
    if not user_is_signed_in(request.user):
        return redirect(signin_url(next_url=page))
    try:
        act(initiative=initiative, user=request.user)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(page)


@url_language
@require_POST
def initiative_support(request, pk: int):
    return _act(request, pk, services.initiative_support, _("You support this initiative now."))


@url_language
@require_POST
def initiative_follow(request, pk: int):
    return _act(request, pk, services.initiative_follow, _("You follow this initiative now."))
