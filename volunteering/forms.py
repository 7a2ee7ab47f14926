"""The organiser's representative publishes an opportunity (plain HTML form, POST, errors beside the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from geo_osallisuus.text_fields import PlainCharFormField, PlainMultilineFormField

from .models import LANGUAGES, Opportunity

MSG_AGES_ORDER = _("The maximum age must not be below the minimum age.")


class OpportunityForm(forms.Form):
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    title_fi = PlainCharFormField(label=_("Title in Finnish"), max_length=200)
    title_sv = PlainCharFormField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = PlainCharFormField(label=_("Title in English"), max_length=200, required=False)
    description_fi = PlainMultilineFormField(label=_("Description in Finnish"), max_length=4000, required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label=_("Kind"), choices=Opportunity.Kind.choices)
    time_kind = forms.ChoiceField(label=_("Time"), choices=Opportunity.TimeKind.choices)
    schedule_fi = PlainCharFormField(label=_("Schedule"), max_length=200, required=False, help_text=_('E.g. "every Tuesday 17-19".'))
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.filter(division__slug="peruspiiri").order_by("name_fi"))
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple)
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=120, required=False)
    sign_up_url = forms.URLField(label=_("Sign-up link"), max_length=500, required=False, assume_scheme="https")
    is_online = forms.BooleanField(label=_("Online"), required=False)

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", MSG_AGES_ORDER)
        return cleaned
