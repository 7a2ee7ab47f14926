"""The initiative pages' forms: the kind check's three questions and the initiative itself.
They only parse; initiatives.kinds and initiatives.services decide, and a refusal is set
beside the field it concerns (`refusal`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError

from .kinds import QUESTIONS
from .models import Initiative, InitiativeCategory

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# The `code` of a refusal of initiatives.services -> the field it is shown beside.
REFUSAL_FIELDS = {"title": "title", "text": "text"}


class KindForm(forms.Form):
    """initiatives.kinds' questions, each answered yes or no (no answer is an error beside it)."""

    about_past = forms.ChoiceField(label=QUESTIONS["about_past"], choices=YES_NO, widget=forms.RadioSelect)
    own_benefit = forms.ChoiceField(label=QUESTIONS["own_benefit"], choices=YES_NO, widget=forms.RadioSelect)
    pending_matter = forms.ChoiceField(label=QUESTIONS["pending_matter"], choices=YES_NO, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("In a few words, what is it about? (optional)"),
        required=False,
        max_length=200,
        help_text=_("If it is about a matter the city is already handling, this finds the matter."),
    )

    def answers(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] == "yes" for name in QUESTIONS}


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Initiative._meta.get_field("title").max_length)
    text = forms.CharField(
        label=_("What do you propose?"),
        max_length=Initiative._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=InitiativeCategory.objects.all(), empty_label=_("Choose a category")
    )
    youth = forms.BooleanField(
        label=_("Send through the youth channel (Ruuti): I am under 18"), required=False
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lat", _("Give both the latitude and the longitude, or neither."))
        return data

    def refusal(self, error) -> None:
        if isinstance(error, GeometryError):
            self.add_error("lat", str(error))
            return
        field = REFUSAL_FIELDS.get(getattr(error, "code", None) or "")
        for message in error.messages:
            self.add_error(field, message)
