"""Cases, spaces and luotsit on the map pages in a real browser (Debian's chromium)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import call_command
from django.utils import translation

from areas.models import Area
from cases.models import Case
from map_ui.layers import layer_registry
from spaces.models import Space

from .conftest import wait_until
from .test_map_pages import STATION, layer_count


@pytest.fixture
def demo_content(demo_site):
    """The demo luotsit, cases and spaces on top of the demo areas."""
    for command in ("load_demo_luotsit", "load_demo_cases", "load_demo_spaces"):
        call_command(command, verbosity=0)
    return demo_site


def test_case_and_space_markers_match_the_api(browsing, demo_content):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    pending = Case.objects.pending().located().count()
    spaces = Space.objects.count()
    assert pending > 100 and spaces > 100
    page.check("#layer-cases")
    layer_count(page, "cases", pending)
    # The number the map drew is the number the API gives.
    api_count = page.evaluate(
        "async () => { let n = 0, url = window.geoMap.maps[document.querySelector('.geo-map').id].layers.cases.layer.url;"
        " while (url) { const body = await (await fetch(url)).json(); n += body.features.length; url = body.next; } return n; }"
    )
    assert api_count == pending
    page.check("#layer-spaces")
    layer_count(page, "spaces", spaces)
    assert page.locator('[data-layer-key="cases"] [data-layer-status]').inner_text() == f"On the map: {pending}"
    # Clustered in the layers' own colours.
    wait_until(page, "document.querySelectorAll('.layer-cluster').length > 0")
    browsing.screenshot("city-map-cases-spaces")
    page.check("#layer-luotsi-areas")
    layer_count(page, "luotsi-areas", 8)
    browsing.assert_clean()


def test_case_popup_links_to_the_case_page(browsing, demo_content):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    page.uncheck("#layer-areas-suurpiiri")
    page.check("#layer-cases")
    layer_count(page, "cases", Case.objects.pending().located().count())
    map_id = browsing.map_id()
    # Close in on one case until its own marker shows, then click it.
    # A case at a point: one placed on a whole area (precision "area") is drawn elsewhere than its centroid.
    located = Case.objects.pending().located().filter(locations__geometry__isnull=False).order_by("case_id")
    case = next(c for c in located if c.geometry.geom_type == "Point")
    point = case.geometry.transform(4326, clone=True)
    page.evaluate(
        "([id, lat, lon]) => window.geoMap.maps[id].map.setView([lat, lon], 19, {animate: false})",
        [map_id, point.y, point.x],
    )
    marker = page.locator(f'.layer-marker[title="{case.display_title}"]').first
    marker.wait_for(timeout=10_000)
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Pending cases" in text and "Status" in text and "pending" in text
    link = popup.get_by_role("link", name="Open the case page")
    href = link.get_attribute("href")
    assert href.startswith("/en/asia/HEL-")
    assert href == f"/en/asia/{case.ahjo_id}/"
    assert case.display_title in text
    browsing.screenshot("city-map-case-popup")
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text() == case.display_title
    browsing.wait_for_map()
    wait_until(page, "document.querySelectorAll('.geo-map path.leaflet-interactive, .geo-map path').length > 0")
    browsing.screenshot("case-page")
    browsing.assert_clean()


def test_area_page_lists_cases_spaces_and_its_luotsi(browsing, demo_content):
    area = Area.objects.get(division__slug="peruspiiri", code="101")
    cases = Case.objects.pending().in_areas([area]).count()
    spaces = Space.objects.in_areas([area]).count()
    assert cases and spaces
    page = browsing.open("/en/alue/peruspiiri/101/")
    browsing.wait_for_map()
    section = page.locator("#cases")
    assert section.get_by_role("heading", level=2).inner_text() == "Pending cases"
    assert section.locator("tbody tr").count() == min(cases, 50)
    assert section.locator("[data-count]").get_attribute("data-count") == str(cases)
    spaces_section = page.locator("#spaces")
    assert spaces_section.locator("tbody tr").count() == spaces
    luotsi = page.locator("#luotsi")
    assert luotsi.get_by_role("heading", level=3).first.inner_text() == "Aino Esimerkki"
    assert luotsi.locator('a[href="/en/alue/suurpiiri/1/"]').count() >= 1  # served from the suurpiiri
    # The small map holds the area's cases and spaces (clustered or single).
    wait_until(page, "document.querySelectorAll('.layer-marker, .layer-cluster').length > 0")
    browsing.screenshot("area-page-content")
    first_space = spaces_section.locator("tbody tr").first.get_by_role("link")
    name = first_space.inner_text()
    first_space.click()
    page.wait_for_url("**/en/tila/*/")
    assert page.locator("h1").inner_text() == name
    browsing.wait_for_map()
    browsing.screenshot("space-page")
    browsing.assert_clean()


def test_area_page_card_hides_unpublished_phone(browsing, demo_content):
    page = browsing.open("/en/alue/suurpiiri/2/")
    browsing.wait_for_map()
    card = page.locator("#luotsi .luotsi-card").first
    assert card.get_by_role("heading", level=3).inner_text() == "Bertil Kuvitelma"
    assert "Phone" not in card.inner_text() and "E-mail" in card.inner_text()
    browsing.assert_clean()


def test_near_me_shows_the_luotsi_of_the_point(browsing, demo_content):
    page = browsing.open("/en/lahella/")
    browsing.wait_for_map()
    browsing.click_map_at(*STATION)
    cards = page.locator("#near-me-luotsi .luotsi-card")
    cards.first.wait_for(timeout=10_000)
    assert cards.first.get_by_role("heading", level=3).inner_text() == "Aino Esimerkki"
    assert cards.first.get_attribute("data-role") == "stadiluotsi"
    assert "Serves " in cards.first.inner_text()
    browsing.screenshot("near-me-luotsi")
    browsing.assert_clean()


def drawn_from_tiles(key: str):
    """The layer `key` as a city with thousands of its items draws it: the same layer with
    its tile threshold below the demo's count, registered again as it was afterwards."""
    original = next(layer for layer in layer_registry.layers() if layer.key == key)
    layer_registry.unregister(key)
    layer_registry.register(dataclasses.replace(original, tiles_from=10))
    yield original
    layer_registry.unregister(key)
    layer_registry.register(original)


@pytest.fixture
def cases_from_tiles(demo_content):
    """The case layer as it is drawn once Helsinki's thousands of cases are in."""
    yield from drawn_from_tiles("cases")


def test_a_large_case_layer_is_drawn_from_vector_tiles(browsing, cases_from_tiles):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    page.uncheck("#layer-areas-suurpiiri")
    pending = Case.objects.pending().located().count()
    page.check("#layer-cases")
    layer_count(page, "cases", pending)
    status = page.locator('[data-layer-key="cases"] [data-layer-status]').inner_text()
    assert status == f"On the map: {pending} (drawn from vector tiles)"
    # One page of the list gave the count; the points came from /tiles/cases/.
    wait_until(
        page,
        "performance.getEntriesByType('resource').some(e => e.name.includes('/tiles/cases/') && e.name.includes('status=pending'))",
    )
    list_pages = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/cases/')).length"
    )
    assert list_pages == 1
    assert page.locator(".leaflet-marker-icon").count() == 0  # no GeoJSON markers

    # A point in the tiles opens the same popup as a marker does.
    # A case at a point: one placed on a whole area (precision "area") is drawn elsewhere than its centroid.
    located = Case.objects.pending().located().filter(locations__geometry__isnull=False).order_by("case_id")
    case = next(c for c in located if c.geometry.geom_type == "Point")
    point = case.geometry.transform(4326, clone=True)
    map_id = browsing.map_id()
    page.evaluate(
        "([id, lat, lon]) => window.geoMap.maps[id].map.setView([lat, lon], 17, {animate: false})",
        [map_id, point.y, point.x],
    )
    wait_until(page, "document.querySelectorAll('.leaflet-tile-container svg path, .leaflet-pane svg path').length > 0")
    page.wait_for_timeout(300)
    browsing.click_map_at(point.y, point.x)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert "Pending cases" in text and "pending" in text and case.case_id in text
    assert popup.get_by_role("link", name="Open the case page").get_attribute("href") == f"/en/asia/{case.ahjo_id}/"
    browsing.screenshot("city-map-cases-tiles")
    browsing.assert_clean()


@pytest.fixture
def spaces_from_tiles(demo_content):
    """The space layer as a city with thousands of spaces draws it: from tiles."""
    yield from drawn_from_tiles("spaces")


def test_a_space_from_the_tiles_links_to_its_page_by_the_tile_features_id(browsing, spaces_from_tiles):
    """The slim tile carries no `id` property: the link's {id} is the tile feature's own id,
    and the popup shows the kind the tile was asked for, by its label."""
    page = browsing.open("/en/")
    browsing.wait_for_map()
    page.uncheck("#layer-areas-suurpiiri")
    page.check("#layer-spaces")
    layer_count(page, "spaces", Space.objects.count())
    wait_until(
        page,
        "performance.getEntriesByType('resource').some(e => e.name.includes('/tiles/spaces/') && e.name.includes('properties='))",
    )
    space = Space.objects.order_by("pk").first()
    point = space.point.transform(4326, clone=True)
    page.evaluate(
        "([id, lat, lon]) => window.geoMap.maps[id].map.setView([lat, lon], 18, {animate: false})",
        [browsing.map_id(), point.y, point.x],
    )
    wait_until(page, "document.querySelectorAll('.leaflet-tile-container svg path, .leaflet-pane svg path').length > 0")
    page.wait_for_timeout(300)
    browsing.click_map_at(point.y, point.x)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    with translation.override("en"):
        assert str(space.get_kind_display()) in popup.inner_text()
    link = popup.get_by_role("link", name="Open the space's page")
    assert link.get_attribute("href") == f"/en/tila/{space.pk}/"
    browsing.assert_clean()
