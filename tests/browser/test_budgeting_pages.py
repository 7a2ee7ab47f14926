"""Participatory budgeting in a real browser (Debian's chromium) as the demo users:
propose on the map → the planner moderates and plans (services) → vote with the
keyboard only → results; axe-core on every page, no sideways scroll at 390 px,
and no request to another host."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts.demo import DEMO_USERS
from areas.models import Address
from budgeting import services
from budgeting.models import Ballot, Proposal, Voter
from tests.budgeting.conftest import CENTRAL_STATION, make_round, set_phase, suurpiiri

from .axe import axe_violations, no_sideways_scroll
from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _demo_user(username: str):
    demo = next(d for d in DEMO_USERS if d.username == username)
    user, _created = get_user_model().objects.get_or_create(username=demo.username)
    user.set_password(demo.password)
    user.save()
    return user


def _sign_in(browsing, user) -> None:
    """The session cookie of a forced sign-in, as a browser that signed in holds it."""
    client = Client()
    client.force_login(user)
    browsing.page.context.clear_cookies()
    browsing.page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": browsing.base_url}]
    )


def _checked(browsing, name: str) -> None:
    page = browsing.page
    browsing.screenshot("budgeting-" + name.replace(" ", "-"))
    assert axe_violations(page) == [], name
    assert no_sideways_scroll(page), f"{name} scrolls sideways at 390 px"


def _expected_status(browsing, status: int) -> None:
    """The browser logs a page answered with a 4xx as an error; this one was meant."""
    expected = f"the server responded with a status of {status}"
    assert sum(expected in e for e in browsing.console_errors) == 1, browsing.console_errors
    browsing.console_errors[:] = [e for e in browsing.console_errors if expected not in e]


@pytest.fixture
def budget_round(demo_site):
    round = make_round(year=timezone.localdate().year)
    services.round_merge_add(round=round, area=suurpiiri("8"), into=suurpiiri("7"))
    services.allocation_compute(round=round)
    return set_phase(round, "proposals")


def test_propose_plan_vote_and_results(browsing, budget_round):
    year = budget_round.year
    resident, planner = _demo_user("demo.asukas"), _demo_user("demo.suunnittelija")
    Voter.objects.create(
        user=resident, birth_date=timezone.localdate().replace(year=1990), is_resident=True,
        home_point=suurpiiri("1").geometry.point_on_surface,
    )  # fmt: skip
    _sign_in(browsing, resident)

    # The round page: the phase and the way to propose.
    page = browsing.open("/en/budjetointi/")
    assert page.locator("[data-phase=proposals]").is_visible()
    _checked(browsing, "round page")
    page.get_by_role("link", name="Make a proposal").click()
    page.wait_for_url(f"**/en/budjetointi/{year}/ehdota/")
    browsing.wait_for_map()
    _checked(browsing, "propose page")

    # A click on the map sets the point and shows its area before anything is sent.
    lon, lat = CENTRAL_STATION
    browsing.click_map_at(lat, lon)
    wait_until(page, f"document.getElementById('place-status').textContent.includes({suurpiiri('1').name_en or suurpiiri('1').name!r})")
    # A few pixels at the city zoom.
    assert abs(float(page.input_value("#id_lat")) - lat) < 0.01
    page.get_by_label("Title").fill("Swings in the station park")
    page.get_by_label("Description").fill("Two swings for small children.")
    page.get_by_role("button", name="Submit the proposal").click()
    page.wait_for_url(re.compile(r".*/en/budjetointi/ehdotukset/\d+/$"))
    proposal = Proposal.objects.get()
    assert proposal.area == suurpiiri("1") and proposal.author == resident
    assert page.locator("[data-status=submitted]").is_visible()
    browsing.wait_for_map()
    _checked(browsing, "proposal page")

    # The planner accepts it and plans a project from it (the services the admin and API call).
    services.proposal_moderate(proposal=proposal, status="accepted", reason="A good place for swings.")
    project = services.project_create(
        round=budget_round, title="Station park swings", description="Two swings.", cost=25_000,
        proposals=[proposal], location=proposal.location,
    )  # fmt: skip
    set_phase(budget_round, "voting")
    services.project_enter_vote(project=project, today=budget_round.planning_closes)
    assert planner.pk  # the planner's acts are the services above
    page.reload()
    assert "A good place for swings." in page.locator("[data-moderation-reason]").inner_text()

    # The keyboard-only ballot: Tab to the project, Space to choose it, Enter to vote.
    page = browsing.open(f"/en/budjetointi/{year}/aanesta/")
    browsing.wait_for_map()
    _checked(browsing, "ballot page")
    box = f"#project-{project.pk}"
    page.locator("#area-choice").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement === document.querySelector('{box}')"):
            break
    else:
        pytest.fail("the project's checkbox is not reachable with Tab")
    page.keyboard.press("Space")
    assert page.is_checked(box)
    assert "€25,000" in page.locator("#sum-area").inner_text()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('form[data-ballot] button[type=submit]')"):
            break
    else:
        pytest.fail("the vote button is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/budjetointi/{year}/aanesta/valmis/")
    assert "Station park swings" in page.locator("[data-voted-projects]").inner_text()
    _checked(browsing, "vote confirmation")
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [project.pk]

    # Results, once published.
    set_phase(budget_round, "results")
    page = browsing.open(f"/en/budjetointi/{year}/tulokset/")
    assert page.locator(f'[data-project="{project.pk}"][data-funded=true]').is_visible()
    _checked(browsing, "results page")
    page = browsing.open(f"/en/budjetointi/hankkeet/{project.pk}/")
    browsing.wait_for_map()
    _checked(browsing, "project page")
    browsing.assert_clean()


def test_forgiving_forms_and_the_way_to_vote_in_swedish(browsing, budget_round):
    """Errors beside their fields with nothing lost, the merged area named at once, and a
    resident without strong identification told how to vote: axe-clean and phone-wide."""
    resident = _demo_user("demo.nuori")
    _sign_in(browsing, resident)
    year = budget_round.year
    page = browsing.open(f"/sv/budjetointi/{year}/ehdota/")
    browsing.wait_for_map()
    # Östersundom's point: its proposals count for Itäinen, which is said before sending.
    browsing.click_map_at(60.25, 25.19)
    itainen = suurpiiri("7").name_sv or suurpiiri("7").name
    wait_until(page, f"document.getElementById('place-status').textContent.includes({itainen!r})")
    # No title: the error is beside it, in Swedish, and the description and point stay.
    page.locator("#id_description").fill("Bänkar vid stranden.")
    page.locator("#id_description").press("Tab")
    page.locator("form button[value=submit]").click()
    page.wait_for_load_state()
    title = page.locator(".hds-text-input--invalid #id_title")
    assert title.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title_error").is_visible()
    assert page.input_value("#id_description") == "Bänkar vid stranden." and page.input_value("#id_lat")
    assert page.get_attribute("html", "lang") == "sv"
    browsing.wait_for_map()
    _checked(browsing, "propose page with errors")
    assert not Proposal.objects.exists()
    _expected_status(browsing, 400)

    set_phase(budget_round, "voting")
    page = browsing.open(f"/sv/budjetointi/{year}/aanesta/")
    assert page.locator("[data-identify]").is_visible()
    _checked(browsing, "identify to vote")
    _expected_status(browsing, 403)
    browsing.assert_clean()


def test_the_forms_work_without_javascript(browser, demo_site, budget_round):
    """Plain HTML: the address places the proposal, the ballot is a list of checkboxes."""
    resident = _demo_user("demo.asukas")
    Voter.objects.create(
        user=resident, birth_date=timezone.localdate().replace(year=1990), is_resident=True,
        home_point=suurpiiri("1").geometry.point_on_surface,
    )  # fmt: skip
    station = suurpiiri("1").geometry.point_on_surface
    Address.objects.create(street_fi="Testikatu", street_sv="Testgatan", number="5", point=station)
    context = browser.new_context(java_script_enabled=False)
    client = Client()
    client.force_login(resident)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": demo_site}])
    page = context.new_page()
    year = budget_round.year
    page.goto(f"{demo_site}/en/budjetointi/{year}/ehdota/")
    page.get_by_label("Title").fill("Benches by the shore")
    page.get_by_label("Description").fill("Three benches.")
    page.get_by_label("Street address").fill("Testikatu 5")
    page.get_by_role("button", name="Submit the proposal").click()
    page.wait_for_url(re.compile(r".*/en/budjetointi/ehdotukset/\d+/$"))
    assert Proposal.objects.get().area == suurpiiri("1")

    project = services.project_create(
        round=budget_round, title="Shore benches", description="Three.", cost=9_000, area=suurpiiri("1")
    )
    set_phase(budget_round, "voting")
    services.project_enter_vote(project=project, today=budget_round.planning_closes)
    page.goto(f"{demo_site}/en/budjetointi/{year}/aanesta/")
    page.check(f"#project-{project.pk}")
    page.get_by_role("button", name="Cast my vote").click()
    page.wait_for_url(f"**/en/budjetointi/{year}/aanesta/valmis/")
    assert Ballot.objects.get().area == suurpiiri("1")
    context.close()
