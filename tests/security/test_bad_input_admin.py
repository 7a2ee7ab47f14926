"""Bad geometry typed or drawn in the admin's map editors: a form error with a message, never a
server error, and no CRS off the allowlist handed to GDAL or PROJ (issue 10, points 2 and 6)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.gis import forms
from django.test import RequestFactory

from areas.admin_geometry import AllowlistLeafletWidget

pytestmark = pytest.mark.django_db

BAD_TEXT = [
    ("ewkt-unknown-srid", "SRID=999999;POINT(1 1)", "coordinate reference system"),
    ("ewkt-proj-srid", "SRID=+proj=merc;POINT(1 1)", "coordinate reference system"),
    ("ewkb-unknown-srid", "0101000020FFFF0F00000000000000F03F000000000000F03F", "coordinate reference system"),
    (
        "geojson-proj-crs",
        '{"type": "Point", "coordinates": [24.95, 60.17], "crs": {"type": "name", "properties": {"name": "+init=/etc/passwd"}}}',
        "coordinate reference system",
    ),
    (
        "geojson-unknown-crs",
        '{"type": "Point", "coordinates": [24.95, 60.17], "crs": {"type": "name", "properties": {"name": "EPSG:999999"}}}',
        "coordinate reference system",
    ),
    ("geojson-1e309", '{"type": "Point", "coordinates": [1e309, 60.17]}', "not finite"),
    ("geojson-nan", '{"type": "Point", "coordinates": [NaN, 60.17]}', "not finite"),
    ("geojson-unclosed", '{"type": "Polygon", "coordinates": [[[24.9, 60.1], [25.0, 60.1], [25.0, 60.2]]]}', "at least four"),
    ("geojson-deep", '{"type": "Point", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}", "nested"),
    ("geojson-truncated", '{"type": "Point", "coordinates": [24.9', "malformed"),
    ("wkt-infinite", "POINT(1e309 60.17)", "not a finite number"),
    ("ewkt-infinite", "SRID=3067;LINESTRING(385000 6672000, 1e309 6672000)", "not a finite number"),
    ("garbage", "Pääkaupunkiseutu", "not geojson, wkt or ewkt"),
]


def geometry_forms(admin_user):
    """(model admin, form class, geometry field names) of every admin that edits geometry."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    found = []
    for model, model_admin in admin.site._registry.items():
        try:
            form = model_admin.get_form(request)
        except Exception:  # admins that need an object or another request shape
            continue
        names = [name for name, field in form.base_fields.items() if isinstance(field, forms.GeometryField)]
        if names:
            found.append((model_admin, form, names))
    return found


def test_every_geometry_editor_uses_the_allowlist_widget(admin_user):
    found = geometry_forms(admin_user)
    assert len(found) >= 3  # areas, addresses, spaces, cases, feedback, initiatives, voters...
    for model_admin, form, names in found:
        for name in names:
            assert isinstance(form.base_fields[name].widget, AllowlistLeafletWidget), (model_admin, name)


@pytest.mark.parametrize("name, text, expected", BAD_TEXT, ids=[t[0] for t in BAD_TEXT])
def test_bad_geometry_text_is_a_form_error(admin_user, name, text, expected):
    for model_admin, form_class, names in geometry_forms(admin_user):
        model = model_admin.model
        before = model.objects.count()
        form = form_class(data={field: text for field in names})
        assert not form.is_valid()
        errors = " ".join(str(e) for field in names for e in form.errors.get(field, []))
        assert expected in errors.lower(), (model.__name__, errors)
        assert model.objects.count() == before


def test_control_allowed_ewkt_is_read(admin_user):
    field = next(form.base_fields[names[0]] for _m, form, names in geometry_forms(admin_user) if names)
    geometry = field.widget.deserialize("SRID=3879;POINT(25497200 6673300)")
    assert geometry.srid == 3879
