"""The info pages (accessibility, privacy, open data) and the error pages on a
phone: no sideways scroll at 390 px (WCAG 1.4.10), in each language."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
PREFIXES = ("", "/sv", "/en")
INFO_PATHS = ("/saavutettavuus/", "/tietosuoja/", "/avoin-data/")


def _page_width(page) -> int:
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_info_pages_fit_a_phone(browsing, prefix):
    page = browsing.page
    page.set_viewport_size(PHONE)
    for path in INFO_PATHS:
        response = browsing.open(prefix + path)
        assert response is page and page.locator("h1").count() == 1
        assert _page_width(page) <= PHONE["width"], prefix + path
        browsing.screenshot(f"info{prefix.replace('/', '-')}{path.rstrip('/').replace('/', '-')}-390")
    browsing.assert_clean()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_404_page_fits_a_phone_and_leads_home(browsing, prefix):
    page = browsing.page
    page.set_viewport_size(PHONE)
    browsing.open(prefix + "/ei-tallaista-sivua/")
    assert _page_width(page) <= PHONE["width"]
    browsing.screenshot(f"error-404{prefix.replace('/', '-')}-390")
    page.locator(".error-page a").last.click()
    page.wait_for_url(browsing.base_url + prefix + "/")
    # The browser logs the 404 response itself as a console error; no other host was asked.
    assert not browsing.foreign_requests
