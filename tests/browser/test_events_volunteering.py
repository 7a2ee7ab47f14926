"""An area event and a volunteering opportunity on a demo area's page, in a real browser."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from areas.models import Area
from events.models import AreaEvent
from volunteering.models import Opportunity

from .axe import axe_violations, no_sideways_scroll


@pytest.fixture
def demo_events(demo_site):
    for command in ("load_demo_spaces", "load_demo_events", "load_demo_volunteering"):
        call_command(command, verbosity=0)
    return demo_site


def test_an_area_page_lists_an_event_and_an_opportunity(browsing, demo_events):
    forums = AreaEvent.objects.filter(source_id__startswith="forum:peruspiiri:")
    area = next(
        a
        for a in Area.objects.filter(division__slug="peruspiiri", code__in=[f.source_id.rsplit(":", 1)[1] for f in forums])
        if Opportunity.objects.in_areas([a]).exists()
    )
    forum = forums.get(source_id=f"forum:peruspiiri:{area.code}")
    opportunity = Opportunity.objects.in_areas([area]).order_by("title", "pk").first()

    page = browsing.open(f"/en/alue/peruspiiri/{area.code}/")
    browsing.wait_for_map()
    events = page.locator("#events")
    assert events.get_by_role("heading", level=2).inner_text() == "Upcoming events"
    assert events.locator(f'[data-event="{forum.pk}"]').inner_text().startswith(forum.name_en)
    volunteering = page.locator("#volunteering")
    assert volunteering.get_by_role("heading", level=2).inner_text() == "Volunteering"
    item = volunteering.locator(f'[data-opportunity="{opportunity.pk}"]')
    assert opportunity.title_en in item.inner_text()
    # Without the organiser's consent its address is not there; the way to sign up still is.
    if not opportunity.organiser.publish_contact:
        assert opportunity.organiser.email not in page.content()
    browsing.screenshot("area-page-events-volunteering")
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    browsing.assert_clean()


def test_near_me_lists_the_events_near_the_point(browsing, demo_events):
    forum = AreaEvent.objects.filter(source_id__startswith="forum:peruspiiri:").order_by("start_time").first()
    lon, lat = forum.location.transform(4326, clone=True).coords
    page = browsing.open("/en/lahella/")
    browsing.wait_for_map()
    browsing.click_map_at(lat, lon)
    items = page.locator("#near-me-events li")
    items.first.wait_for(timeout=10_000)
    assert forum.name_en in page.locator("#near-me-events").inner_text()
    browsing.screenshot("near-me-events")
    browsing.assert_clean()
