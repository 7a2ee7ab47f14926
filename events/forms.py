"""The luotsi's form for publishing an event of their own (plain HTML, POST, errors beside the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from geo_osallisuus.text_fields import PlainCharFormField, PlainMultilineFormField
from spaces.models import Space

MSG_END_BEFORE_START = _("The event must end after it starts.")


class LuotsiEventForm(forms.Form):
    name_fi = PlainCharFormField(label=_("Name in Finnish"), max_length=300)
    name_sv = PlainCharFormField(label=_("Name in Swedish"), max_length=300, required=False)
    name_en = PlainCharFormField(label=_("Name in English"), max_length=300, required=False)
    description_fi = PlainMultilineFormField(label=_("Description in Finnish"), max_length=4000, required=False, widget=forms.Textarea)
    start_time = forms.DateTimeField(label=_("Starts"), help_text=_("E.g. 2026-05-04 18:00"))
    end_time = forms.DateTimeField(label=_("Ends"), required=False, help_text=_("E.g. 2026-05-04 20:00"))
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    space = forms.ModelChoiceField(
        label=_("City space"), queryset=Space.objects.none(), required=False, help_text=_("Empty: online or for the whole area.")
    )
    is_online = forms.BooleanField(label=_("Online"), required=False)

    def __init__(self, *args, luotsi, **kwargs):
        super().__init__(*args, **kwargs)
        areas = luotsi.areas.order_by("name_fi", "pk")
        self.fields["area"].queryset = areas
        self.fields["space"].queryset = Space.objects.in_areas(list(areas)).order_by("name", "pk")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", MSG_END_BEFORE_START)
        return cleaned
