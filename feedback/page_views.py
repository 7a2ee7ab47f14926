"""Feedback pages: the public list (/palaute/), sending (/palaute/uusi/), one request
(/palaute/<id>/), following it, and its photo (/palaute/kuva/<key>/).

Thin: the form parses, feedback.services files and decides who may see what,
feedback.selectors reads only what is published (the 250 m cell, never the point).
An anonymous sender sees their own private request through the ids this session
filed (SESSION_KEY).
"""

from __future__ import annotations

import dataclasses

import folium
from django.conf import settings
from django.contrib import messages
from django.contrib.gis.geos import Point, Polygon
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.navigation import signin_url
from areas.geometry import GeometryError
from areas.located import located_areas
from map_ui.i18n import page_reverse, url_language
from map_ui.layers import Layer, layer_registry
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import photo_keep, selectors, services
from .api.open311 import MSG_THROTTLED, FeedbackAnonThrottle, FeedbackUserThrottle
from .forms import FeedbackForm
from .models import PUBLIC_GRID_M, FeedbackPhoto, FeedbackRequest

SESSION_KEY = "feedback_sent"
PAGE_SIZE = 25


def _own_ids(request) -> list[int]:
    return list(request.session.get(SESSION_KEY, []))


@url_language
def feedback_list(request):
    page = Paginator(selectors.feedback_public_list(), PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "feedback/feedback_list.html", {"page": page})


@url_language
def feedback_new(request):
    services_ = list(selectors.service_list())
    form = FeedbackForm(request.POST or None, request.FILES or None, services=services_)
    similar = []
    kept = None
    if request.method == "POST":
        valid = form.is_valid()
        choice = photo_keep.photo_choice(
            session=request.session,
            upload=form.cleaned_data.get("photo"),  # a file the form refused (empty) is not refused twice
            token=request.POST.get("photo_token", ""),
            remove=bool(request.POST.get("photo_remove")),
        )
        if choice.error is not None:
            form.refusal(choice.error)
        elif valid:
            created, similar = _send(request, form, choice)
            if created is not None:
                return redirect(page_reverse("feedback:detail", kwargs={"pk": created.pk}))
        # The browser empties a file input on every round trip: the server keeps the photo.
        kept = photo_keep.photo_hold(session=request.session, choice=choice)
    return render(
        request,
        "feedback/feedback_new.html",
        {
            "form": form,
            "similar": similar,
            "kept": kept,
            "map": place_map(),
            "photo_max_mb": settings.FEEDBACK_PHOTO_MAX_BYTES // (1024 * 1024),
        },
    )


def _send(request, form: FeedbackForm, choice: photo_keep.PhotoChoice) -> tuple[FeedbackRequest | None, list]:
    """File the valid form's request, or None with the reason: a refusal beside its field, the
    rate used up (on the form), or the similar requests to show first (the list)."""
    service = form.chosen_service()
    data = form.cleaned_data
    point = Point(data["lon"], data["lat"], srid=4326) if data["lat"] is not None else None
    similar = []
    try:
        place = services.feedback_place(service=service, point=point, address_string=data["address"])
        if not data["send_anyway"]:
            similar = selectors.feedback_similar(text=data["description"][:500], point=place, service=service)
        # Similar requests are shown first; the rate counts only what would be sent.
        wait = None if similar else _throttled(request)
        if wait is not None:
            form.add_error(None, MSG_THROTTLED.format(seconds=wait))
        if wait is not None or similar:
            return None, similar
        created = services.feedback_create(
            service=service,
            description=data["description"],
            point=point,
            address_string=data["address"],
            author=request.user,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            clean_photo=choice.photo(),
            is_public=data["is_public"],
        )
    except (ValidationError, GeometryError) as error:
        form.refusal(error)
        return None, similar
    photo_keep.photo_discard(choice.kept)
    request.session[SESSION_KEY] = [*_own_ids(request), created.pk][-50:]
    messages.success(request, _("Thank you: your feedback was sent."))
    return created, similar


def _throttled(request) -> int | None:
    """Seconds to wait when this sender has used up the rate of sending feedback: the
    Open311 API's limits and counters (feedback_anon, feedback_user), so the page and the
    API share one budget."""
    for throttle in (FeedbackAnonThrottle(), FeedbackUserThrottle()):
        if not throttle.allow_request(request, None):
            return int(throttle.wait() or 60)
    return None


def place_map():
    """A map to click a place on (feedback/place.js), with the largest division for orientation
    as the "what is near me" page has it. The initiative form uses it too."""
    layers = [
        dataclasses.replace(layer, interactive=False, enabled=True)
        for layer in layer_registry.layers()
        if layer.kind == Layer.AREA
    ][:1]
    folium_map = ServiceMap(label=_("Map for choosing the place"), described_by="place-help", height="45vh")
    ApiLayers(layers=layers).add_to(folium_map)
    return map_render(folium_map)


def _visible(request, pk: int) -> FeedbackRequest:
    item = selectors.feedback_published_fields().filter(pk=pk).first()
    if item is None or not services.user_may_see(user=request.user, request=item, own_ids=_own_ids(request)):
        raise Http404(_("No such feedback."))
    return item


@url_language
def feedback_detail(request, pk: int):
    item = _visible(request, pk)
    return render(
        request,
        "feedback/feedback_detail.html",
        {
            "item": item,
            "photo": selectors.request_photo(item),
            "areas": located_areas(item),
            "map": _cell_map(item),
            "grid_m": PUBLIC_GRID_M,
            "may_follow": item.status != FeedbackRequest.Status.CLOSED,
        },
    )


def _cell_map(item: FeedbackRequest):
    """The published cell drawn as a square: the only place a page shows."""
    half = PUBLIC_GRID_M / 2
    centre = item.public_point
    cell = Polygon.from_bbox((centre.x - half, centre.y - half, centre.x + half, centre.y + half))
    cell.srid = centre.srid
    west, south, east, north = cell.transform(4326, clone=True).extent
    folium_map = ServiceMap(
        label=_("Map of the feedback's {size} m square").format(size=PUBLIC_GRID_M),
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=15,
        height="35vh",
    )
    folium.Rectangle(bounds=[[south, west], [north, east]], color="#8a4b00", weight=3, fill_opacity=0.15).add_to(
        folium_map
    )
    return map_render(folium_map)


@url_language
@require_POST
def feedback_follow(request, pk: int):
    item = _visible(request, pk)
    target = page_reverse("feedback:detail", kwargs={"pk": item.pk})
    if not request.user.is_authenticated:
        return redirect(signin_url(next_url=target))
    try:
        services.feedback_follow(request=item, user=request.user)
        messages.success(request, _("You follow this feedback now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(target)


def feedback_photo(request, key):
    """The photo, only to those who may see its request; the key names nothing of the sender."""
    photo = FeedbackPhoto.objects.select_related("request").filter(key=key).first()
    if photo is None or not services.user_may_see(user=request.user, request=photo.request, own_ids=_own_ids(request)):
        raise Http404(_("No such photo."))
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="{photo}"'
    response["Cache-Control"] = "public, max-age=3600" if photo.request.is_public else "private, no-store"
    return response
