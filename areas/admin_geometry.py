"""The admin's map editors, with geometry read by areas.geometry.geometry_from_text.

Every ModelAdmin with a geometry field uses these instead of django-leaflet's
own, so that what an editor types or draws reaches neither GDAL's GeoJSON
reader nor PROJ with a CRS off the allowlist, and a bad value is a form error
with a message rather than a server error.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from leaflet.admin import LeafletAdminWidget
from leaflet.admin import LeafletGeoAdmin as _LeafletGeoAdmin
from leaflet.admin import LeafletGeoAdminMixin as _LeafletGeoAdminMixin

from areas.geometry import MSG_GEOMETRY_OUTSIDE, GeometryError, geometry_from_text, is_within_helsinki


class AllowlistLeafletWidget(LeafletAdminWidget):
    def deserialize(self, value):
        try:
            return geometry_from_text(value, default_srid=self.map_srid)
        except GeometryError as exc:
            raise ValidationError(str(exc), code="invalid_geom") from None


class LeafletGeoAdminMixin(_LeafletGeoAdminMixin):
    widget = AllowlistLeafletWidget


class LeafletGeoAdmin(LeafletGeoAdminMixin, _LeafletGeoAdmin):
    pass


class InHelsinkiAdminForm(forms.ModelForm):
    """The admin form of a located item (a space, an event...): each of `helsinki_fields`
    must lie in Helsinki, by the rule every import and API write follows (areas.boundary)."""

    helsinki_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.helsinki_fields:
            value = cleaned.get(name)
            if value is not None and not is_within_helsinki(value):
                self.add_error(name, str(MSG_GEOMETRY_OUTSIDE))
        return cleaned
