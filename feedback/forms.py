"""The feedback form of the pages (/palaute/uusi/). It only parses what was typed: every rule
(place, description, photo, service) is feedback.services', whose refusals the view sets
beside the field they concern (`field_of_refusal`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError

from .models import FeedbackRequest, Service
from .photos import ACCEPTED_FORMATS

# The `code` a refusal of feedback.services carries -> the form field it is shown beside.
REFUSAL_FIELDS = {"description": "description", "place": "address", "service": "service", "photo": "photo"}


def service_choices(services) -> list:
    """Services grouped by their group (an <optgroup> each), in the active language."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for service in sorted(services, key=lambda s: ((s.group or "").casefold(), s.service_name.casefold())):
        groups.setdefault(service.group or str(_("Other")), []).append((service.service_code, service.service_name))
    return [("", _("Choose a service")), *groups.items()]


class FeedbackForm(forms.Form):
    service = forms.ChoiceField(label=_("What is the feedback about?"))
    description = forms.CharField(
        label=_("Describe the matter"),
        max_length=FeedbackRequest._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Street and number, e.g. Mannerheimintie 5. Or choose the point on the map instead."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_FORMATS.values())}),
    )
    is_public = forms.BooleanField(
        label=_("The feedback may be published (without your name or the exact place)"), required=False, initial=True
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"), required=False, help_text=_("Only for the city's answer to you; never published.")
    )
    first_name = forms.CharField(label=_("First name (optional)"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name (optional)"), required=False, max_length=100)
    # Set by the "send anyway" button after similar open requests were shown.
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {service.service_code: service for service in services}
        self.fields["service"].choices = service_choices(services)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lat", _("Give both the latitude and the longitude, or neither."))
        return data

    def chosen_service(self) -> Service:
        return self.services[self.cleaned_data["service"]]

    def refusal(self, error) -> None:
        """A refusal of feedback.services, beside its field (place refusals beside the address)."""
        if isinstance(error, GeometryError):
            self.add_error("address", str(error))
            return
        code = getattr(error, "code", None) or ""
        field = REFUSAL_FIELDS.get(code.split("_")[0])
        for message in error.messages:
            self.add_error(field, message)
