"""The search text's rules, one place for the API and the results page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH

MSG_QUERY_MISSING = _("Write what to search for: an address, a street, an area, a space or a case.")
MSG_QUERY_TOO_SHORT = _("Write at least {min} characters.")
MSG_QUERY_TOO_LONG = _("Write at most {max} characters.")


class SearchForm(forms.Form):
    """`q`, whitespace collapsed, MIN_QUERY_LENGTH..MAX_QUERY_LENGTH characters.

    The length is checked on the text as it arrives (stripped), so a paste of a
    whole page is refused before any word of it is analysed."""

    q = forms.CharField(label=_("Search"), strip=True, required=True, error_messages={"required": MSG_QUERY_MISSING})

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(MSG_QUERY_TOO_LONG.format(max=MAX_QUERY_LENGTH), code="max_length")
        if len(text) < MIN_QUERY_LENGTH:
            raise forms.ValidationError(MSG_QUERY_TOO_SHORT.format(min=MIN_QUERY_LENGTH), code="min_length")
        return text
