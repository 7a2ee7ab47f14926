"""The map pages in a real browser (Debian's chromium) against the live server."""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection

from areas.models import Area
from map_ui.layers import Layer, LayerStyle, layer_registry

from .conftest import wait_until

# Helsinki central railway station: Eteläinen / Vironniemi / Kluuvi in the demo data.
STATION = (60.1710, 24.9414)
POLYGONS = ".geo-map path.leaflet-interactive"


def deep_inside(division: str, code: str) -> tuple[float, float]:
    """(lat, lon) of the point farthest from the area's boundary: a click there
    hits the area whatever a pixel's rounding."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Y(c), ST_X(c) FROM (SELECT ST_Transform((ST_MaximumInscribedCircle(a.geometry)).center, 4326) c"
            " FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id WHERE d.slug = %s AND a.code = %s) q",
            [division, code],
        )
        return cursor.fetchone()


def layer_count(page, key: str, expected: int) -> int:
    row = page.locator(f'[data-layer-key="{key}"][data-count="{expected}"]')
    row.wait_for(timeout=15_000)
    return expected


def test_city_map_draws_every_area_of_the_chosen_divisions(browsing):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    suurpiirit = Area.objects.filter(division__slug="suurpiiri").count()
    osa_alueet = Area.objects.filter(division__slug="osa-alue").count()
    assert suurpiirit == 8
    layer_count(page, "areas-suurpiiri", suurpiirit)
    assert page.locator(POLYGONS).count() == suurpiirit
    assert page.locator('[data-layer-key="areas-suurpiiri"] [data-layer-status]').inner_text() == "On the map: 8"

    # The layer switch works from the keyboard.
    page.focus("#layer-areas-osa-alue")
    page.keyboard.press("Space")
    layer_count(page, "areas-osa-alue", osa_alueet)
    assert page.locator(POLYGONS).count() == suurpiirit + osa_alueet
    page.focus("#layer-areas-suurpiiri")
    page.keyboard.press("Space")
    wait_until(page, f"document.querySelectorAll('{POLYGONS}').length === {osa_alueet}")
    browsing.screenshot("city-map-osa-alueet")
    browsing.assert_clean()


def test_popup_names_the_area_and_links_to_its_page(browsing):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    browsing.click_map_at(*deep_inside("suurpiiri", "1"))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Southern" in popup.inner_text()
    link = popup.get_by_role("link", name="Open the area page")
    assert link.get_attribute("href") == "/en/alue/suurpiiri/1/"
    browsing.screenshot("city-map-popup")
    link.click()
    page.wait_for_url("**/alue/suurpiiri/1/")
    assert page.locator("h1").inner_text() == "Southern"
    browsing.assert_clean()


def test_language_switch(browsing):
    page = browsing.open("/")
    browsing.wait_for_map()
    assert page.locator("html").get_attribute("lang") == "fi"
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url("**/sv/")
    browsing.wait_for_map()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Stordistrikt" in page.locator("#map-layers").inner_text()
    assert page.get_by_role("link", name="Södra").count() == 1
    browsing.click_map_at(*deep_inside("suurpiiri", "1"))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Södra" in popup.inner_text()
    assert popup.get_by_role("link").get_attribute("href") == "/sv/alue/suurpiiri/1/"
    browsing.screenshot("city-map-sv")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Suomi").click()
    page.wait_for_url(browsing.base_url + "/")
    browsing.assert_clean()


def test_area_page_lists_its_child_areas_and_parents(browsing):
    area = Area.objects.get(division__slug="peruspiiri", code="101")
    children = list(Area.objects.filter(parent=area).order_by("code"))
    assert children
    page = browsing.open("/en/alue/peruspiiri/101/")
    browsing.wait_for_map()
    section = page.locator("#child-areas")
    assert section.get_by_role("heading", level=2).inner_text() == "Areas inside this area"
    rows = section.locator("tbody tr")
    assert rows.count() == len(children)
    for row, child in zip(rows.all(), children):
        link = row.get_by_role("link")
        assert link.inner_text() == child.name
        assert link.get_attribute("href") == f"/en/alue/osa-alue/{child.code}/"
    # The outline and the child areas on the small map.
    wait_until(page, f"document.querySelectorAll('{POLYGONS}').length === {1 + len(children)}")
    breadcrumb = page.get_by_role("navigation", name="You are here")
    assert breadcrumb.get_by_role("link", name="Southern").get_attribute("href") == "/en/alue/suurpiiri/1/"
    browsing.screenshot("area-page")
    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/alue/osa-alue/{children[0].code}/")
    assert page.locator("h1").inner_text() == children[0].name
    browsing.assert_clean()


def test_near_me_shows_the_areas_of_a_clicked_point(browsing):
    page = browsing.open("/en/lahella/")
    browsing.wait_for_map()
    browsing.click_map_at(*STATION)
    results = page.locator("#near-me-results [data-results] li")
    results.first.wait_for()
    assert results.count() == 3
    assert [item.get_attribute("data-division") for item in results.all()] == ["suurpiiri", "peruspiiri", "osa-alue"]
    assert results.first.get_by_role("link").get_attribute("href") == "/en/alue/suurpiiri/1/"
    browsing.screenshot("near-me")
    # Without a pointer: the centre of the map.
    page.get_by_role("button", name="Use the centre of the map").click()
    wait_until(page, "document.querySelector('#near-me-results [data-status]').textContent.includes('Chosen point')")
    browsing.assert_clean()


def test_a_request_to_another_host_fails_the_test(browsing):
    """The guards themselves: on the service's pages the Content-Security-Policy
    refuses a request to another host (a console error fails the test); on a
    page without the policy the route guard catches it."""
    browsing.open("/en/")
    browsing.page.evaluate("() => fetch('https://example.org/leaflet.js').catch(() => null)")
    browsing.page.wait_for_timeout(200)
    assert browsing.foreign_requests == []
    assert any("example.org" in error and "Content Security Policy" in error for error in browsing.console_errors)
    with pytest.raises(AssertionError, match="console errors"):
        browsing.assert_clean()
    browsing.console_errors.clear()
    browsing.page.goto("about:blank")
    browsing.page.evaluate("() => fetch('https://example.org/leaflet.js').catch(() => null)")
    browsing.page.wait_for_timeout(200)
    assert browsing.foreign_requests == ["https://example.org/leaflet.js"]
    with pytest.raises(AssertionError, match="requests to other hosts"):
        browsing.assert_clean()


@pytest.mark.urls("tests.browser.urls")
def test_a_layer_of_10000_points_stays_usable(browsing):
    layer_registry.register(
        Layer(
            key="test-points",
            label="Test points",
            url="/test-points/",
            kind=Layer.POINT,
            cluster=True,
            style=LayerStyle(color="#6b2c91"),
            status_property="status",
        )
    )
    try:
        page = browsing.open("/en/")
        browsing.wait_for_map()
        started = time.monotonic()
        page.check("#layer-test-points")
        layer_count(page, "test-points", 10_000)
        loaded = time.monotonic() - started
        assert loaded < 10, f"10 000 points took {loaded:.1f} s"
        # Clustered: the map holds a few hundred elements at most, not 10 000.
        wait_until(page, "document.querySelectorAll('.marker-cluster').length > 0")
        assert page.locator(".leaflet-marker-icon").count() < 300
        browsing.screenshot("city-map-10000-points")
        # Still responsive: zoom in close; single markers (icons from static) open popups.
        map_id = browsing.map_id()
        page.evaluate("([id]) => window.geoMap.maps[id].map.setView([60.16, 24.85], 18, {animate: false})", [map_id])
        marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first
        marker.wait_for(timeout=5_000)
        assert "/static/xstatic/leaflet/images/marker-icon" in marker.get_attribute("src")
        marker.focus()
        page.keyboard.press("Enter")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert re.search(r"Item \d+\s+Status\s+pending", popup.inner_text())
    finally:
        layer_registry.unregister("test-points")
    browsing.assert_clean()
