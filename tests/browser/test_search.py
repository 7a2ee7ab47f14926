"""The search box, the near-me lists and keyboard use of the map in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from areas.demo import demo_addresses_load
from areas.models import Area
from tests.cases.factories import at, case, space

from .conftest import wait_until

BOX = "#search-q"
SUGGESTIONS = "#search-q-listbox [role=option]"


@pytest.fixture
def places(demo_site):
    demo_addresses_load()
    return demo_site


def map_centre(page) -> tuple[float, float]:
    return page.evaluate(
        "() => { const m = Object.values(window.geoMap.maps)[0].map; const c = m.getCenter(); return [c.lat, c.lng]; }"
    )


def type_and_wait(page, text: str) -> None:
    page.locator(BOX).click()
    page.keyboard.type(text)
    page.locator(SUGGESTIONS).first.wait_for(timeout=10_000)


def test_kallio_picked_with_the_keyboard_moves_the_map_and_shows_the_area(browsing, places):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    type_and_wait(page, "Kallio")
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    count = page.locator(SUGGESTIONS).count()
    # The number of suggestions is announced.
    wait_until(page, f"document.querySelector('[data-search-status]').textContent.startsWith('{count} suggestion')")
    first = page.locator(SUGGESTIONS).first
    assert first.inner_text().startswith("Kallio")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    chosen = page.locator("[data-search-chosen]")
    chosen.get_by_role("link", name="Kallio").first.wait_for(timeout=10_000)
    # The map moved into Kallio's box, and Kallio is one of the areas at its point.
    kallio = Area.objects.get(division__slug="peruspiiri", name_fi="Kallio")
    west, south, east, north = kallio.geometry.transform(4326, clone=True).extent
    wait_until(page, "!Object.values(window.geoMap.maps)[0].map._animatingZoom")
    lat, lon = map_centre(page)
    assert south <= lat <= north and west <= lon <= east
    assert chosen.locator('[data-division="peruspiiri"]').inner_text().startswith("Kallio")
    # What is there: beside the areas, the nearest items (none in the demo divisions alone).
    chosen.locator("[data-search-nearby] [data-nearby=spaces]").wait_for(timeout=10_000)
    # Escape closes the list, a second Escape empties the field.
    type_and_wait(page, "x")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    browsing.screenshot("search-kallio")
    browsing.assert_clean()


def test_drumso_on_the_swedish_page(browsing, places):
    page = browsing.open("/sv/")
    browsing.wait_for_map()
    type_and_wait(page, "Drumsö")
    assert page.locator(SUGGESTIONS).first.inner_text().startswith("Drumsö")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chosen = page.locator("[data-search-chosen]")
    link = chosen.get_by_role("link", name=re.compile("^Drumsö")).first
    link.wait_for(timeout=10_000)
    assert link.get_attribute("href").startswith("/sv/alue/")
    browsing.assert_clean()


def test_an_address_on_near_me_shows_its_areas_luotsi_and_nearest_items(browsing, places):
    call_command("load_demo_luotsit", verbosity=0)
    space("Testitila lähellä", at(-400, 200))
    case(title="Testiasia lähellä", geometry=at(-300, 300))
    page = browsing.open("/en/lahella/")
    browsing.wait_for_map()
    type_and_wait(page, "Mannerheimintie 5")
    assert page.locator(SUGGESTIONS).first.inner_text().startswith("Mannerheimintie 5")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    areas = page.locator("#near-me-results [data-results] li")
    areas.first.wait_for(timeout=10_000)
    assert [a.get_attribute("data-division") for a in areas.all()][:3] == ["suurpiiri", "peruspiiri", "osa-alue"]
    nearby = page.locator("#near-me-nearby")
    nearby.locator('[data-nearby="spaces"] li').first.wait_for(timeout=10_000)
    spaces_text = nearby.locator('[data-nearby="spaces"]').inner_text()
    assert "Testitila lähellä" in spaces_text
    assert re.search(r"Testitila lähellä\s+\d+\u00a0m", spaces_text)
    assert "Testiasia lähellä" in nearby.locator('[data-nearby="cases"]').inner_text()
    browsing.screenshot("search-near-me")
    browsing.assert_clean()


def test_a_hits_near_here_link_opens_near_me_at_its_point(browsing, places):
    page = browsing.open("/en/haku/?q=Mannerheimintie+5")
    page.locator("[data-search-results] a").first.click()
    page.wait_for_url(re.compile(r".*/en/lahella/\?lat=.*"))
    page.locator("#near-me-results [data-results] li").first.wait_for(timeout=10_000)
    browsing.assert_clean()


def test_cluster_bubbles_and_popups_work_from_the_keyboard(browsing, places):
    # Spaces close together: one cluster bubble at the city's zoom.
    for i in range(6):
        space(f"Klusteritila {i}", at(20 * i, 0))
    page = browsing.open("/en/")
    browsing.wait_for_map()
    page.check("#layer-spaces")
    cluster = page.locator(".marker-cluster").first
    cluster.wait_for(timeout=10_000)
    assert cluster.get_attribute("role") == "button"
    assert re.match(r"\d+ items here", cluster.get_attribute("aria-label"))
    zoom = page.evaluate("() => Object.values(window.geoMap.maps)[0].map.getZoom()")
    cluster.focus()
    page.keyboard.press(" ")
    wait_until(page, f"Object.values(window.geoMap.maps)[0].map.getZoom() > {zoom}")
    # Open clusters until single markers show, with Enter this time.
    for _attempt in range(10):
        if page.locator(".leaflet-marker-icon:not(.marker-cluster)").count():
            break
        zoom = page.evaluate("() => Object.values(window.geoMap.maps)[0].map.getZoom()")
        page.locator(".marker-cluster").first.focus()
        page.keyboard.press("Enter")
        wait_until(page, f"Object.values(window.geoMap.maps)[0].map.getZoom() > {zoom} || "
                   "document.querySelector('.leaflet-marker-icon:not(.marker-cluster)')")
    marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    marker.wait_for(timeout=10_000)
    marker.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    # The popup has the focus; Escape closes it and gives the focus back to the marker.
    assert page.evaluate("() => document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('.leaflet-popup')")
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-marker-icon')")
    browsing.assert_clean()
