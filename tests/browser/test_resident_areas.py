"""Resident area pages in a real browser: drawing with Geoman's polygon tool, the preview and
sending; axe-core on each page; no sideways scroll at 390 px; no request to another host."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from resident_areas.models import ResidentArea, ResidentAreaSource, ResidentAreaState
from tests.browser.axe import axe_violations


def signed_in(browsing, username: str = "asukas") -> User:
    """The browser signed in as a new resident (a session made by the test client)."""
    user = User.objects.create_user(username, password="x" * 12)
    client = Client()
    client.force_login(user)
    browsing.page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": browsing.base_url}]
    )
    return user


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def draw_square(browsing, *, half: int = 40) -> None:
    """Geoman's polygon tool: four corners around the map's centre, then the first again."""
    page = browsing.page
    page.wait_for_selector("#draw-map[data-ready=true]", timeout=15_000)
    page.locator("#draw-map").scroll_into_view_if_needed()
    page.locator("#draw-map .leaflet-pm-icon-polygon").click()
    box = page.locator("#draw-map").bounding_box()  # in the viewport, where the mouse clicks
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)]
    for x, y in [*corners, corners[0]]:
        page.mouse.click(x, y)
        page.wait_for_timeout(150)


def test_a_resident_draws_an_area_sees_the_preview_and_sends_it(browsing):
    user = signed_in(browsing)
    page = browsing.open("/en/omat-alueet/uusi/")
    assert axe_violations(page) == []
    page.fill("#id_name_fi", "Piirretty puisto")
    draw_square(browsing)
    assert page.locator("#method-draw").is_checked()
    assert '"Polygon"' in page.locator("#id_geometry").input_value()
    page.locator("button[value=preview]").click()
    page.wait_for_selector("#preview-map[data-ready=true]", timeout=15_000)
    assert "The area meets the rules." in page.locator(".resident-preview").inner_text()
    assert not ResidentArea.objects.exists()
    # The drawing is still on the map to change, the name still in its field.
    page.wait_for_selector("#draw-map[data-ready=true] path.leaflet-interactive", timeout=15_000)
    assert page.locator("#id_name_fi").input_value() == "Piirretty puisto"
    assert axe_violations(page) == []
    page.locator("button[value=submit]").click()
    page.wait_for_selector("h1:has-text('Piirretty puisto')", timeout=15_000)
    stored = ResidentArea.objects.get()
    assert (stored.author, stored.source, stored.state) == (user, ResidentAreaSource.DRAWN, ResidentAreaState.PROPOSED)
    assert stored.geometry.area > 1_000
    assert axe_violations(page) == []
    browsing.assert_clean()


@pytest.mark.parametrize("path", ["/omat-alueet/uusi/", "/omat-alueet/", "/sv/omat-alueet/uusi/"])
def test_pages_fit_a_phone_and_pass_axe(browser, browsing, path):
    signed_in(browsing)
    browsing.page.set_viewport_size({"width": 390, "height": 844})
    page = browsing.open(path)
    page.wait_for_load_state("networkidle")
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    browsing.assert_clean()


def test_approved_area_page_fits_a_phone_and_passes_axe(browsing):
    from areas.models import Area
    from resident_areas import services

    author = signed_in(browsing)
    kallio = Area.objects.get(division__slug="osa-alue", code="010")
    made = services.resident_area_create(
        author=author, names={"fi": "Kallion kulma"}, defined=services.geometry_from_areas(area_ids=[kallio.pk])
    ).resident_area
    services.resident_area_moderate(resident_area=made, moderator=None, approve=True)
    browsing.page.set_viewport_size({"width": 390, "height": 844})
    page = browsing.open(f"/en/omat-alueet/{made.pk}/")
    browsing.wait_for_map()
    assert "Cases:" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    browsing.assert_clean()
