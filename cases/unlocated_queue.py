"""The admin's queue of unlocated cases (README: planners' tools).

One page: the cases no location was found for, the chosen one's title beside a
map, and one click on the map (or an address from the register) places it
through cases.services.case_location_create as a drawn, exact location. Then the
next case is chosen. Works as a plain form too: an address, or lon/lat typed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from areas.geocoding import address_find
from areas.geometry import GeometryError

from .models import Case
from .services import case_location_create

QUEUE_LENGTH = 50
MSG_PLACE_HOW = _("Click the map, or give an address.")
MSG_NO_ADDRESS = _("The address register has no {address!r}; check the street and number.")
MSG_PLACED = _("{case} placed.")
MSG_ALREADY = _("This case has been placed already.")


class PlaceForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("lon") is not None and data.get("lat") is not None:
            data["point"] = Point(data["lon"], data["lat"], srid=4326)
        elif data.get("address", "").strip():
            found = address_find(text=data["address"])
            if found is None:
                self.add_error("address", MSG_NO_ADDRESS.format(address=data["address"].strip()[:100]))
            else:
                data["point"] = found.point
        else:
            raise forms.ValidationError(MSG_PLACE_HOW)
        return data


def unlocated_queue_view(model_admin, request):
    user = request.user
    if not (user.has_perm("cases.change_case") and user.has_perm("cases.add_caselocation")):
        raise PermissionDenied
    queue = Case.objects.located(False).order_by("-created", "pk")
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = queue.filter(pk=form.cleaned_data["case"]).first()
        if case is None:
            model_admin.message_user(request, MSG_ALREADY, messages.WARNING)
            return HttpResponseRedirect(request.path)
        try:
            case_location_create(case=case, geometry=form.cleaned_data["point"])
        except GeometryError as error:
            form.add_error(None, str(error))
        else:
            model_admin.message_user(request, MSG_PLACED.format(case=case.case_id), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
    wanted = request.POST.get("case") or request.GET.get("case")
    chosen = queue.filter(pk=wanted).first() if str(wanted or "").isdigit() else None
    chosen = chosen or queue.first()
    if chosen is not None and request.method != "POST":
        form = PlaceForm(initial={"case": chosen.pk})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Unlocated cases"),
        "queue": queue[:QUEUE_LENGTH],
        "count": queue.count(),
        "chosen": chosen,
        "form": form,
        "change_url": reverse("admin:cases_case_change", args=[chosen.pk]) if chosen else "",
    }
    return TemplateResponse(request, "admin/cases/case/unlocated.html", context)
