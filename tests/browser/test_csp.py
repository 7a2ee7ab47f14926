"""The Content-Security-Policy in a real browser: the pages load and draw with
no violation at all (the browser reports each one as a
`securitypolicyviolation` event and a console error)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from areas.models import Area
from tests.cases.factories import at, case

from .test_map_pages import layer_count

# Collected before any of the page's own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def guarded(browsing):
    browsing.page.context.add_init_script(LISTEN)
    return browsing


def assert_no_violations(browsing) -> None:
    violations = browsing.page.evaluate("window.__cspViolations")
    assert violations == [], violations
    browsing.assert_clean()


def test_city_map_draws_its_layers_with_no_violation(guarded):
    page = guarded.open("/en/")
    guarded.wait_for_map()
    layer_count(page, "areas-suurpiiri", Area.objects.filter(division__slug="suurpiiri").count())
    assert page.locator(".geo-map path.leaflet-interactive").count() >= 8
    # The layer list is still a form that goes nowhere (its listener, not an inline handler).
    page.locator("#layer-areas-suurpiiri").press("Enter")
    assert page.url.endswith("/en/")
    assert_no_violations(guarded)


def test_area_page_draws_the_area_with_no_violation(guarded):
    page = guarded.open("/en/alue/peruspiiri/101/")
    guarded.wait_for_map()
    assert page.locator(".geo-map path.leaflet-interactive").count() >= 1
    assert_no_violations(guarded)


def test_case_page_draws_its_place_with_no_violation(guarded):
    found = case(title="Rautatientorin kiveys", geometry=at(0, 0))
    page = guarded.open(f"/en/asia/{found.ahjo_id.lower()}/")
    guarded.wait_for_map()
    assert "Rautatientorin kiveys" in page.content()
    counts = page.evaluate(
        "() => Object.values(window.geoMap.maps[document.querySelector('.geo-map').id].layers).map(v => v.count)"
    )
    assert sum(count or 0 for count in counts) >= 1, counts
    assert_no_violations(guarded)


def test_near_me_page_with_no_violation(guarded):
    guarded.open("/en/lahella/")
    guarded.wait_for_map()
    assert_no_violations(guarded)


def test_swagger_ui_renders_the_operations_with_no_violation(guarded):
    page = guarded.open("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 20
    assert_no_violations(guarded)


def test_admin_map_widget_with_no_violation(guarded, demo_site):
    """django-leaflet's inline widget script carries the nonce the admin passes it."""
    admin = User.objects.create_superuser("yllapito", password="x" * 12)
    client = Client()
    client.force_login(admin)
    cookie = client.cookies["sessionid"]
    guarded.page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": demo_site}])
    page = guarded.open("/admin/feedback/feedbackrequest/add/")
    page.wait_for_selector(".leaflet-container", timeout=15_000)
    assert_no_violations(guarded)
