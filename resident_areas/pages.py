"""Residents' own area pages: their list, a new area (draw, upload or pick; preview; send) and an area's page.

Thin views on the same definition, validation, services and selectors as the
API. Every form works as plain HTML; drawing on the map (static/resident_areas/
draw.js with Leaflet-Geoman) only fills the form's hidden geometry field.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.navigation import signin_required
from geo_osallisuus.api import MSG_THROTTLED
from geo_osallisuus.throttling import page_write_wait
from map_ui.i18n import page_reverse, url_language
from map_ui.layers import Layer, LayerStyle, api_url
from map_ui.maps import ApiLayers, ServiceMap, map_render

from . import selectors, services
from .forms import ResidentAreaForm
from .models import ResidentAreaState
from .presenting import overlap_presented, square_metres

AREA_STYLE = LayerStyle(color="#8a4b00", weight=3, fill_opacity=0.15)
# Drawn under the drawing so that people see where they are without a background map.
CITY_OUTLINE_DIVISION = "suurpiiri"


@url_language
@never_cache
@signin_required
def area_list(request: HttpRequest) -> HttpResponse:
    """The person's own areas and where each stands in moderation."""
    return render(
        request, "resident_areas/list.html", {"resident_areas": selectors.resident_area_list_own(user=request.user)}
    )


@url_language
@never_cache
@signin_required
@require_http_methods(["GET", "POST"])
def area_new(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST `action=preview`: the rules' verdict on the area, shown with the form
    filled in; POST `action=submit`: the area is stored and sent for moderation."""
    if request.method != "POST":
        return _new_page(request, ResidentAreaForm())
    form = ResidentAreaForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _new_page(request, form, status=400)
    if request.POST.get("action") != "submit":
        return _new_page(request, form, preview=_preview(form))
    if (wait := page_write_wait(request)) is not None:
        form.add_error(None, MSG_THROTTLED.format(seconds=wait))
        response = _new_page(request, form, preview=_preview(form), status=429)
        response["Retry-After"] = str(wait)
        return response
    result = services.resident_area_create(
        author=request.user,
        names=form.names(),
        description=form.cleaned_data.get("description") or "",
        defined=form.defined,
    )
    messages.success(request, _("Your area was sent to the luotsit for moderation."))
    for notice in result.notices:
        messages.info(request, notice)
    return redirect(page_reverse("resident_areas:detail", kwargs={"pk": result.resident_area.pk}))


def _preview(form: ResidentAreaForm) -> dict:
    """The rules' verdict and the geometry as it would be stored (drawn by draw.js)."""
    result = form.result
    return {
        "surface": square_metres(result.geometry.area),
        "repaired": result.repaired,
        "clipped": result.clipped,
        "notices": result.notices,
        "geojson": result.geometry.transform(4326, clone=True).json,
    }


def _new_page(request: HttpRequest, form: ResidentAreaForm, *, preview: dict | None = None, status: int = 200):
    context = {
        "form": form,
        "preview": preview,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "outlines_url": api_url("area-list", division=CITY_OUTLINE_DIVISION, page_size=100)(),
    }
    return render(request, "resident_areas/new.html", context, status=status)


@url_language
@never_cache
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An area as far as the reader may see it (selectors.resident_area_list), else 404."""
    resident_area = selectors.resident_area_list(user=request.user).filter(pk=pk).first()
    if resident_area is None:
        raise Http404(_("No such area."))
    folium_map = ServiceMap(label=_("Map of {name}").format(name=resident_area.name), height="40vh")
    layer = Layer(
        key="resident-area",
        label=resident_area.name,
        url=api_url("resident-area-detail", kwargs={"pk": resident_area.pk}),
        style=AREA_STYLE,
        interactive=False,
        enabled=True,
    )
    ApiLayers(layers=[layer], fit_layer="resident-area").add_to(folium_map)
    return render(
        request,
        "resident_areas/detail.html",
        {
            "resident_area": resident_area,
            # Not `author_id == user.pk` alone: an anonymous reader and an erased author are both None.
            "is_mine": request.user.is_authenticated and resident_area.author_id == request.user.pk,
            "rejected": resident_area.state == ResidentAreaState.REJECTED,
            "section": {"overlap": overlap_presented(resident_area=resident_area)},
            "map": map_render(folium_map),
        },
    )
