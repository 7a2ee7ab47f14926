"""A planner signs in to the admin and places an unlocated case on the map (README: planners)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.gis.geos import Point

from cases.models import Case, CaseLocation
from geo_osallisuus import roles
from tests.cases import factories

from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "suunnittelija-salasana"
# Kaisaniemi park, in the city's map view.
PLACE_LAT, PLACE_LON = 60.1745, 24.9460


def _planner():
    # A transactional test empties the tables a migration filled: the group is made again as
    # luotsit 0004_planner_permissions makes it (test_planner_permissions checks the two agree).
    group, _created = Group.objects.get_or_create(name=roles.PLANNER_GROUP)
    for name in roles.PLANNER_PERMISSIONS:
        app_label, codename = name.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = get_user_model().objects.create_user("suunnittelija", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def test_a_planner_signs_in_and_places_an_unlocated_case(browsing):
    _planner()
    case = factories.case(title="Kaisaniemen puiston penkit")
    assert case.geometry is None

    page = browsing.open("/admin/login/")
    page.fill("#id_username", "suunnittelija")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}/admin/")

    # django-leaflet keeps no global of its maps; it announces each with a map:init event.
    page.add_init_script(
        "window.testMaps = []; window.addEventListener('map:init', e => window.testMaps.push(e.detail.map));"
    )
    page = browsing.open("/admin/cases/case/?located=no")
    page.get_by_role("link", name=case.case_id).click()
    page.wait_for_url(re.compile(re.escape(f"{browsing.base_url}/admin/cases/case/{case.pk}/change/")))
    page.wait_for_selector(".leaflet-container", timeout=15_000)
    map_box = page.locator(".leaflet-container").first
    map_box.scroll_into_view_if_needed()
    page.locator(".leaflet-draw-draw-marker").first.click()
    # Where the point is on the screen, from the map's own projection.
    x, y = page.evaluate(
        "([lat, lon]) => { const p = window.testMaps[0].latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [PLACE_LAT, PLACE_LON],
    )
    box = map_box.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    wait_until(page, "document.querySelector('textarea[name=\"locations-0-geometry\"]').value.includes('Point')")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(re.escape(f"{browsing.base_url}/admin/cases/case/") + r"(\?.*)?$"))

    case.refresh_from_db()
    assert case.geometry is not None
    location = case.locations.get()
    assert (location.source, location.precision) == (CaseLocation.Source.DRAWN, CaseLocation.Precision.EXACT)
    placed = location.geometry.transform(4326, clone=True)
    assert placed.distance(Point(PLACE_LON, PLACE_LAT, srid=4326)) < 0.0005  # ~30 m: within a click
    assert Case.objects.located(False).filter(pk=case.pk).exists() is False
    browsing.assert_clean()


def test_a_planner_places_a_case_from_the_queue_with_one_click(browsing):
    _planner()
    case = factories.case(title="Kaisaniemen puiston penkit")
    next_case = factories.case(title="Toinen paikaton asia")

    page = browsing.open("/admin/login/")
    page.fill("#id_username", "suunnittelija")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}/admin/")

    page.add_init_script(
        "window.testMaps = []; window.addEventListener('map:init', e => window.testMaps.push(e.detail.map));"
    )
    page = browsing.open(f"/admin/cases/case/unlocated/?case={case.pk}")
    assert page.locator("#queue-case-title").inner_text() == case.title
    page.wait_for_selector("#queue-map.leaflet-container", timeout=15_000)
    wait_until(page, "window.testMaps.length > 0")
    map_box = page.locator("#queue-map")
    map_box.scroll_into_view_if_needed()
    # Zoomed in as a planner would be, so that a pixel is a few metres.
    page.evaluate("([lat, lon]) => window.testMaps[0].setView([lat, lon], 16, {animate: false})", [PLACE_LAT, PLACE_LON])
    x, y = page.evaluate(
        "([lat, lon]) => { const p = window.testMaps[0].latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [PLACE_LAT, PLACE_LON],
    )
    box = map_box.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(".messagelist .success")

    case.refresh_from_db()
    location = case.locations.get()
    assert (location.source, location.precision) == (CaseLocation.Source.DRAWN, CaseLocation.Precision.EXACT)
    assert location.geometry.transform(4326, clone=True).distance(Point(PLACE_LON, PLACE_LAT, srid=4326)) < 0.0005
    # The next case of the queue is shown beside the map.
    assert page.locator("#queue-case-title").inner_text() == next_case.title
    browsing.assert_clean()
