"""Admin pages with map widgets load every script, style and image from the service."""

import re

import pytest
from django.contrib import admin
from django.contrib.gis.db.models import GeometryField
from django.urls import reverse

# src/href of scripts, styles and images that point at another host.
FOREIGN_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)


def geo_admins():
    return [
        model
        for model in admin.site._registry
        if any(isinstance(field, GeometryField) for field in model._meta.get_fields())
    ]


def test_there_are_admins_with_map_widgets():
    assert len(geo_admins()) >= 3


@pytest.mark.parametrize("model", geo_admins(), ids=lambda m: m._meta.label)
def test_add_page_has_a_local_map_widget(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/leaflet/leaflet.js" in html
    assert not FOREIGN_ASSET.search(html), FOREIGN_ASSET.search(html).group(0)


def test_the_check_catches_a_cdn_script():
    assert FOREIGN_ASSET.search('<script src="https://cdn.jsdelivr.net/npm/ol@v7.2.2/dist/ol.js"></script>')
    assert FOREIGN_ASSET.search('<link rel="stylesheet" href="//unpkg.com/leaflet.css">')
    assert not FOREIGN_ASSET.search('<script src="/static/leaflet/leaflet.js"></script>')
