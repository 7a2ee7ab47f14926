"""The resident pages' forms: they parse what was typed; the rules are the services'.

Every form keeps what was typed when it is shown again with its errors, and each
error is put beside the field it concerns (`place_error`).
"""

from __future__ import annotations

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from areas.geocoding import address_find
from areas.geometry import GeometryError, point_from_coordinates
from geo_osallisuus.text_fields import PlainCharFormField, PlainMultilineFormField

MSG_ADDRESS_UNKNOWN = _("The address {address} was not found. Write it as street and number, e.g. Mannerheimintie 5.")
MSG_POINT_HALF = _("The point on the map was incomplete: choose it again.")
MSG_PLACE_NEEDED = _("Choose a place on the map, write an address, or choose all of Helsinki.")

# The draft keeps exactly these fields (budgeting.drafts).
DRAFT_FIELDS = ("title", "description", "lat", "lon", "address", "all_helsinki")


class ProposalForm(forms.Form):
    title = PlainCharFormField(label=_("Title"), max_length=200, min_length=3)
    description = PlainMultilineFormField(label=_("Description"), max_length=5000, widget=forms.Textarea)
    # Set by a click on the map (budgeting/propose.js); EPSG:4326.
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    address = PlainCharFormField(
        label=_("Street address"),
        required=False,
        max_length=200,
        help_text=_("Without the map: the street address nearest to the place, e.g. Mannerheimintie 5."),
    )
    all_helsinki = forms.BooleanField(label=_("The proposal concerns all of Helsinki"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "address"):
            self.fields[name].widget.attrs["class"] = "hds-text-input__input"
        self.fields["all_helsinki"].widget.attrs["class"] = "hds-checkbox__input"

    def clean(self):
        data = super().clean()
        lat, lon, address = data.get("lat"), data.get("lon"), data.get("address")
        location: Point | None = None
        if (lat is None) != (lon is None):
            self.add_error("address", MSG_POINT_HALF)
        elif lat is not None:
            try:
                location = point_from_coordinates(lon, lat, 4326)
            except GeometryError as exc:
                self.add_error("address", str(exc))
        elif address:
            found = address_find(text=address)
            if found is None:
                self.add_error("address", MSG_ADDRESS_UNKNOWN.format(address=address))
            else:
                location = found.point
        if location is None and not data.get("all_helsinki") and "address" not in self.errors:
            self.add_error("address", MSG_PLACE_NEEDED)
        data["location"] = location
        return data


def place_error(form: forms.Form, exc, *, field: str | None) -> None:
    """A service's refusal beside `field` (None: above the form)."""
    messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
    for message in messages:
        form.add_error(field, message)
