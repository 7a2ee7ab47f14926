"""The map pages as HTML: languages, assets from the service only, area pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from map_ui.layers import Layer, LayerStyle, layer_registry
from map_ui.sections import AreaSection, area_sections

pytestmark = pytest.mark.django_db

# Every src/href in a page: none may name another host.
ASSET_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture
def client() -> Client:
    return Client()


def html_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


class TestCityMap:
    @pytest.mark.parametrize("path, lang", [("/", "fi"), ("/sv/", "sv"), ("/en/", "en")])
    def test_language_from_the_url(self, client, demo_areas, path, lang):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en" if lang != "en" else "fi")
        html = html_of(response)
        assert f'<html lang="{lang}">' in html
        assert response["Content-Language"] == lang
        assert f'"language": "{lang}"' in html

    def test_language_switcher_links_to_the_same_page(self, client, demo_areas):
        html = html_of(client.get("/sv/alue/suurpiiri/1/"))
        assert 'href="/alue/suurpiiri/1/" lang="fi"' in html
        assert 'href="/en/alue/suurpiiri/1/" lang="en"' in html
        assert 'href="/sv/alue/suurpiiri/1/" lang="sv" hreflang="sv" aria-current="true"' in html

    def test_names_in_the_page_language(self, client, demo_areas):
        assert ">Södra</a>" in html_of(client.get("/sv/"))
        assert ">Eteläinen</a>" in html_of(client.get("/"))

    def test_every_asset_comes_from_the_service(self, client, demo_areas):
        html = html_of(client.get("/"))
        urls = ASSET_URL.findall(html)
        assert urls
        for url in urls:
            assert url.startswith(("/", "#", "data:")) and not url.startswith("//"), url
        for banned in ("cdn", "jquery", "bootstrap", "fontawesome", "awesome-markers", "openstreetmap"):
            assert banned not in html.lower()
        for url in urls:
            if url.startswith("/static/"):
                assert client.get(url).status_code == 200, url

    def test_layer_data_is_fetched_not_inlined(self, client, demo_areas):
        html = html_of(client.get("/"))
        assert '"url": "/api/v1/areas/?division=suurpiiri\\u0026page_size=1000"' in html
        assert "MultiPolygon" not in html and "coordinates" not in html

    def test_division_layers_and_list_alternative(self, client, demo_areas):
        html = html_of(client.get("/"))
        for key in ("areas-suurpiiri", "areas-peruspiiri", "areas-osa-alue"):
            assert f'data-layer-key="{key}"' in html
        assert html.count('href="/alue/osa-alue/') == 147
        assert html.count('href="/alue/suurpiiri/') == 8

    def test_no_tiles_without_a_setting(self, client, demo_areas):
        assert "tileLayer" not in html_of(client.get("/"))

    def test_tiles_from_the_setting(self, client, demo_areas, settings):
        settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
        settings.MAP_TILE_ATTRIBUTION = "© Test tiles"
        html = html_of(client.get("/"))
        assert "L.tileLayer(" in html and "/tiles/{z}/{x}/{y}.png" in html and "Test tiles" in html

    def test_a_registered_layer_appears(self, client, demo_areas):
        layer_registry.register(
            Layer(key="test-points", label="Test points", url="/api/v1/nothing/", kind=Layer.POINT,
                  cluster=True, style=LayerStyle(color="#123456"))
        )
        try:
            html = html_of(client.get("/"))
        finally:
            layer_registry.unregister("test-points")
        assert 'data-layer-key="test-points"' in html and '"cluster": true' in html
        assert "/static/xstatic/leaflet-markercluster/leaflet.markercluster.js" in html


class TestAreaPage:
    def test_lists_child_areas_and_parent_chain(self, client, demo_areas):
        html = html_of(client.get("/alue/peruspiiri/101/"))
        assert "<h1>Vironniemi</h1>" in html
        assert 'href="/alue/suurpiiri/1/">Eteläinen</a>' in html
        for code in ("010", "020", "080"):
            assert f'href="/alue/osa-alue/{code}/"' in html
        assert '"url": "/api/v1/areas/?parent=' in html

    def test_unknown_area_is_a_404(self, client, demo_areas):
        assert client.get("/alue/suurpiiri/99/").status_code == 404
        assert client.get("/alue/nonsense/1/").status_code == 404

    def test_sections_from_other_apps(self, client, demo_areas):
        area_sections.register(
            AreaSection(
                key="test-section",
                title="Test things",
                template_name="map_ui/sections/child_areas.html",
                context=lambda area: {"children": []} if area.code == "1" else None,
            )
        )
        try:
            shown = html_of(client.get("/alue/suurpiiri/1/"))
            hidden = html_of(client.get("/alue/suurpiiri/2/"))
        finally:
            area_sections.unregister("test-section")
        assert '<h2 id="test-section-heading">Test things</h2>' in shown
        assert "test-section" not in hidden


class TestNearMe:
    @pytest.mark.parametrize("path", ["/lahella/", "/sv/lahella/", "/en/lahella/"])
    def test_page_knows_the_lookup_and_area_urls(self, client, demo_areas, path):
        html = html_of(client.get(path))
        assert '"lookupUrl": "/api/v1/lookup/"' in html
        prefix = path.removesuffix("lahella/")
        assert f'"areaUrl": "{prefix}alue/{{division}}/{{code}}/"' in html
