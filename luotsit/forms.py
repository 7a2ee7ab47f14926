"""The workspace's plain HTML forms. They parse and show errors; the rules are the
services' (luotsit.services.luotsi_update, resident_areas.services.resident_area_moderate)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SPOKEN_LANGUAGES, Luotsi
from .services import OWNER_FIELDS

# The fields of the own profile form, in the order the page shows them.
PROFILE_FIELDS = (
    "name",
    "title_fi",
    "title_sv",
    "title_en",
    "email",
    "publish_email",
    "phone",
    "publish_phone",
    "photo_url",
    "publish_photo",
    "languages",
)
assert set(PROFILE_FIELDS) <= OWNER_FIELDS  # a luotsi may change only their own fields


class LuotsiProfileForm(forms.ModelForm):
    """The luotsi's own profile, with a consent (publish_*) beside each contact field."""

    # https: a photo is only ever on the city's own server over https (models.validate_photo_host).
    photo_url = forms.URLField(
        label=Luotsi._meta.get_field("photo_url").verbose_name,
        help_text=Luotsi._meta.get_field("photo_url").help_text,
        required=False,
        assume_scheme="https",
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I serve residents in"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Luotsi
        fields = PROFILE_FIELDS
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "publish_email": _("Show my e-mail on my public card"),
            "publish_phone": _("Show my phone number on my public card"),
            "publish_photo": _("Show my photo on my public card"),
        }


DECISIONS = (("approve", _("Approve the area")), ("reject", _("Reject the area")))


class ResidentAreaModerationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision on the area"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author reads it. A rejection needs one."),
    )


BUDGET_DECISIONS = (
    ("accepted", _("Accept for planning")),
    ("rejected", _("Reject the proposal")),
    ("merged", _("Merge into another proposal")),
)


class BudgetProposalModerationForm(forms.Form):
    """Accept, reject or merge; the rules (a public reason for a rejection or a merge, a
    merge target of the same round) are budgeting.services.proposal_moderate's."""

    status = forms.ChoiceField(label=_("Decision on the proposal"), choices=BUDGET_DECISIONS, widget=forms.RadioSelect)
    merged_into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=None,
        required=False,
        empty_label="–",
        help_text=_("Only when merging: a proposal of the same round."),
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone sees it. A rejection or a merge needs one."),
    )

    def __init__(self, *args, merge_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = merge_targets
