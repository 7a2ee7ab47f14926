"""The page form for a new resident area: names, and the area drawn, uploaded or assembled.

The form only gathers input: the geometry is made by resident_areas.definition
and judged by resident_areas.validation (the same functions the API calls), and
each refusal is put beside the field the person used. An uploaded file cannot be
sent again by the browser, so its geometry is kept in a hidden field once read:
an error elsewhere on the form (or a preview) loses nothing.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError
from geo_osallisuus import parsers
from geo_osallisuus.text_fields import PlainCharFormField, PlainMultilineFormField

from . import definition, parsing, selectors
from .models import ResidentAreaSource
from .services import MSG_NAME_REQUIRED, DefinedGeometry
from .validation import CleanResidentGeometry, resident_geometry_clean

DRAW, FILE, AREAS = "draw", "file", "areas"
# The field beside which a refusal of each way is shown.
METHOD_FIELDS = {DRAW: "geometry", FILE: "file", AREAS: "areas"}

MSG_DRAW_NOTHING = _("Draw the area on the map (it needs JavaScript), or upload a file or pick official areas.")
MSG_FILE_NOTHING = _("Choose a GeoJSON or KML file.")
MSG_AREAS_NOTHING = _("Pick at least one official area.")
MSG_DRAWN_MALFORMED = _("The drawn area could not be read: draw it again.")


class ResidentAreaForm(forms.Form):
    name_fi = PlainCharFormField(label=_("Name in Finnish"), max_length=200, required=False)
    name_sv = PlainCharFormField(label=_("Name in Swedish (optional)"), max_length=200, required=False)
    description = PlainMultilineFormField(
        label=_("Description (optional)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    method = forms.ChoiceField(
        label=_("How do you define the area?"),
        choices=((DRAW, _("Draw it on the map")), (FILE, _("Upload a file (GeoJSON or KML)")), (AREAS, _("Join official areas"))),
        widget=forms.RadioSelect,
        initial=FILE,
    )
    # GeoJSON (EPSG:4326) written by the drawing tool; empty without JavaScript.
    geometry = forms.CharField(label=_("Drawn area"), required=False, widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"), required=False, help_text=_("GeoJSON or KML, at most 2 MB."))
    # The geometry read from an earlier upload of this form, and the file's name.
    file_geometry = forms.CharField(label=_("Drawn area"), required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    areas = forms.TypedMultipleChoiceField(label=_("Official areas"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(area.pk, area.name) for area in selectors.pickable_areas()]
        self.defined: DefinedGeometry | None = None
        self.result: CleanResidentGeometry | None = None

    def area_groups(self) -> list[tuple[str, list]]:
        """The checkboxes of `areas` grouped by division (peruspiirit, then osa-alueet)."""
        chosen = {str(value) for value in (self["areas"].value() or [])}
        groups: dict[str, list] = {}
        for area in selectors.pickable_areas():
            groups.setdefault(area.division.name, []).append({"area": area, "checked": str(area.pk) in chosen})
        return list(groups.items())

    def names(self) -> dict[str, str]:
        return {"fi": self.cleaned_data.get("name_fi") or "", "sv": self.cleaned_data.get("name_sv") or ""}

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method is None:
            return data
        field = METHOD_FIELDS[method]
        try:
            defined, found = self._defined(method, data)
            self.result = resident_geometry_clean(geometry=defined.geometry)
        except (GeometryError, forms.ValidationError) as error:
            self.add_error(field, error.messages if isinstance(error, forms.ValidationError) else str(error))
            return data
        self.defined = defined
        if not data.get("name_fi"):
            if found.get("fi"):
                data["name_fi"] = found["fi"]
                self._keep(name_fi=found["fi"])
            elif "name_fi" not in self.errors:
                self.add_error("name_fi", str(MSG_NAME_REQUIRED))
        return data

    def _defined(self, method: str, data: dict) -> tuple[DefinedGeometry, dict[str, str]]:
        if method == AREAS:
            if not data.get("areas"):
                raise GeometryError(MSG_AREAS_NOTHING)
            return definition.definition_from_areas(area_ids=data["areas"])
        if method == DRAW:
            return definition.definition_from_geojson(value=self._geojson(data.get("geometry")))
        upload = data.get("file")
        if upload is not None:
            defined, found = definition.definition_from_upload(upload=upload)
            # Kept for the next round: the browser sends a file only once.
            self._keep(file_geometry=defined.geometry.transform(4326, clone=True).json, file_name=(upload.name or "")[-200:])
            return defined, found
        if data.get("file_geometry"):
            return definition.definition_from_geojson(
                value=self._geojson(data["file_geometry"]), source=ResidentAreaSource.FILE
            )
        raise GeometryError(MSG_FILE_NOTHING)

    @staticmethod
    def _geojson(text: str | None) -> object:
        if not text:
            raise GeometryError(MSG_DRAW_NOTHING)
        parsing.check_size(len(text.encode()))
        try:
            return parsers.loads(text)
        except parsers.JSONInputError:
            raise GeometryError(MSG_DRAWN_MALFORMED) from None

    def _keep(self, **values: str) -> None:
        """Values the page shows again (self.data is what a bound form renders)."""
        self.data = self.data.copy()
        for key, value in values.items():
            self.data[key] = value
