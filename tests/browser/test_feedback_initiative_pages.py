"""Feedback and initiative pages in a real browser: feedback with a photo placed by a map click
(the stored photo has no GPS position), an initiative with its duplicate offered as the title is
typed, axe-core on every new page, no sideways scroll at 390 px, no request to another host."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model

from feedback.demo import demo_feedback_load
from feedback.models import FeedbackPhoto, FeedbackRequest
from initiatives.demo import demo_initiatives_load
from initiatives.models import Initiative
from tests.browser.axe import axe_violations, no_sideways_scroll
from tests.feedback.photo_files import jpeg_with_gps, metadata

pytestmark = pytest.mark.django_db(transaction=True)

KALLIO = (60.1841, 24.9497)  # lat, lon: on land, in Keskinen


@pytest.fixture
def demo(demo_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_feedback_load(count=3)
    demo_initiatives_load()
    return demo_site


def sign_in(browsing, username: str = "asukas.testi", password: str = "Salasana-1234") -> None:
    get_user_model().objects.create_user(username, password=password)
    page = browsing.open("/kirjaudu/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/oma-sivu/$"))


def test_feedback_with_a_photo_placed_on_the_map(browsing, demo, tmp_path):
    page = browsing.open("/palaute/uusi/")
    browsing.wait_for_map()
    # The local filter narrows the services; the select works without it.
    page.get_by_label("Hae palveluista").fill("kuoppa")
    assert page.locator("select[name=service] optgroup option:not([hidden])").count() == 1
    page.locator("select[name=service]").select_option("171")
    page.locator("textarea[name=description]").fill("Syvä kuoppa pyörätiellä aivan suojatien vieressä, vaarallinen")
    browsing.click_map_at(*KALLIO)
    assert abs(float(page.locator("input[name=lat]").input_value()) - KALLIO[0]) < 0.001
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_gps(size=(64, 48)))
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.get_by_role("button", name="Lähetä palaute").click()
    page.wait_for_url(re.compile(r".*/palaute/\d+/$"))
    created = FeedbackRequest.objects.latest("pk")
    assert page.url.endswith(f"/palaute/{created.pk}/")
    stored = FeedbackPhoto.objects.get(request=created)
    exif, gps, fmt = metadata(stored.image.read())
    assert (exif, gps, fmt) == ({}, {}, "JPEG")
    # The page shows the photo from the service, under its random key.
    assert page.locator(f"img[src='/palaute/kuva/{stored.key}/']").evaluate("img => img.naturalWidth") == 64
    browsing.assert_clean()


def test_a_chosen_photo_is_kept_across_an_error_and_sent(browsing, demo, tmp_path):
    page = browsing.open("/palaute/uusi/")
    browsing.wait_for_map()
    page.locator("select[name=service]").select_option("171")
    page.locator("textarea[name=description]").fill("lyhyt")  # too short: the form comes back
    page.locator("input[name=lat]").fill(str(KALLIO[0]))
    page.locator("input[name=lon]").fill(str(KALLIO[1]))
    photo = tmp_path / "IMG_0002.jpg"
    photo.write_bytes(jpeg_with_gps(size=(64, 48)))
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.get_by_role("button", name="Lähetä palaute").click()
    page.wait_for_selector("[data-photo-kept]")
    assert "Kuva säilytetty: IMG_0002.jpg" in page.locator("[data-photo-kept]").inner_text()
    assert axe_violations(page) == [] and no_sideways_scroll(page)
    # By keyboard: from the file input (still there to choose another) Tab reaches the removal.
    page.locator("input[name=photo]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_photo_remove"
    page.locator("textarea[name=description]").fill("Syvä kuoppa pyörätiellä aivan suojatien vieressä, vaarallinen")
    page.get_by_role("button", name="Lähetä palaute").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/palaute/\d+/$"))
    stored = FeedbackPhoto.objects.get(request=FeedbackRequest.objects.latest("pk"))
    assert metadata(stored.image.read()) == ({}, {}, "JPEG")
    browsing.assert_clean()


def test_an_initiative_is_offered_its_duplicate_as_the_title_is_typed(browsing, demo):
    existing = Initiative.objects.get(title="Lisää penkkejä Vuosaaren rantaan")
    sign_in(browsing)
    page = browsing.open("/aloitteet/uusi/")
    for question in ("about_past", "own_benefit", "pending_matter"):
        page.locator(f"input[name={question}][value=no]").check()
    page.get_by_role("button", name="Jatka").click()
    page.wait_for_url(re.compile(r".*/aloitteet/uusi/kirjoita/$"))
    page.locator("input[name=title]").press_sequentially("Lisää penkkejä Vuosaaren rannalle", delay=10)
    link = page.locator(f"[data-similar] a[href='/aloite/{existing.pk}/']")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == existing.title
    browsing.assert_clean()


NEW_PAGES = ["/palaute/", "/palaute/uusi/", "/aloitteet/", "/aloitteet/uusi/", "/sv/palaute/uusi/", "/en/aloitteet/"]


def test_the_new_pages_pass_axe_and_fit_a_phone(browsing, demo):
    item = FeedbackRequest.objects.filter(is_public=True).first()
    initiative = Initiative.objects.exclude(geometry=None).first()
    pages = [*NEW_PAGES, f"/palaute/{item.pk}/", f"/aloite/{initiative.pk}/"]
    found = {}
    for path in pages:
        page = browsing.open(path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in pages:
        page = browsing.open(path)
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path}: {widths[0]} px wide at {widths[1]} px"
    browsing.assert_clean()


def test_the_initiative_page_draws_its_map(browsing, demo):
    initiative = Initiative.objects.exclude(geometry=None).first()
    browsing.open(f"/aloite/{initiative.pk}/")
    page = browsing.wait_for_map()
    # The initiative's marker is on the map: the page ran its map script (it once never did).
    assert page.locator(".geo-map .leaflet-marker-icon, .geo-map path.leaflet-interactive, .geo-map svg path").count() >= 1
    browsing.assert_clean()
