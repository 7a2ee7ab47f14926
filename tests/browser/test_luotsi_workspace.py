"""A luotsi signs in and works in their workspace (luotsit/views.py): moderates a resident
area in their district, is refused one outside it, changes a consent and sees the public
card change; every workspace page passes axe-core and fits a 390 px phone."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from areas.models import Area
from budgeting import services as budget_services
from resident_areas import services as resident_services
from resident_areas.models import ResidentAreaState
from resident_areas.services import DefinedGeometry
from luotsit import services as luotsi_services
from luotsit.models import Role
from tests.security.roles_world import make_round, square

from .axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

USERNAME, PASSWORD = "vilma.luotsi", "luotsi-salasana-123"
PHONE_NUMBER = "+358 40 555 0111"
PHONE = {"width": 390, "height": 844}
ME = "/luotsit/me/"


def _area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


def _proposal(author, where: Area, name: str):
    geometry = square(where.geometry.point_on_surface.coords, 200)
    return resident_services.resident_area_create(
        author=author, names={"fi": name}, defined=DefinedGeometry(geometry, "drawn")
    ).resident_area


@pytest.fixture
def workspace(demo_site):
    """The luotsi of Vironniemi (peruspiiri 101), a proposal inside it and one in Itäinen."""
    users = get_user_model().objects
    luotsi_user = users.create_user(USERNAME, password=PASSWORD)
    luotsi_services.luotsi_create(
        role=Role.STADILUOTSI, name="Vilma Vironniemi", title_fi="Stadiluotsi", phone=PHONE_NUMBER,
        publish_phone=False, user=luotsi_user, areas=[_area("peruspiiri", "101")],
    )  # fmt: skip
    author = users.create_user("asukas")
    budget = budget_services.proposal_create(
        round=make_round(2025, "proposals"), author=author, title="Penkkejä rantaan", description="Lisää penkkejä.",
        location=_area("osa-alue", "010").geometry.point_on_surface,
    )  # fmt: skip
    return {
        "inside": _proposal(author, _area("osa-alue", "010"), "Kruununhaan kortteli"),
        "outside": _proposal(author, _area("suurpiiri", "7"), "Itäinen kortteli"),
        "budget": budget,
    }


def _sign_in(browsing):
    page = browsing.open(f"/kirjaudu/?next={ME}")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}{ME}")
    return page


def _expect_refusal(browsing, status: int) -> None:
    """The page answered `status` on purpose: chromium logs it as the only console error."""
    assert len(browsing.console_errors) == 1 and f"status of {status}" in browsing.console_errors[0]
    browsing.console_errors.clear()


def _card(page) -> str:
    return page.locator(".luotsi-cards").inner_text()


def test_a_luotsi_moderates_in_their_district_only_and_sets_a_consent(browsing, workspace):
    inside, outside = workspace["inside"], workspace["outside"]
    page = _sign_in(browsing)
    browsing.wait_for_map()

    # The queue lists the proposal in Vironniemi, not the one in Itäinen.
    page.locator(".luotsi-nav").get_by_role("link", name="Moderoitavat asukasalueet").click()
    page.wait_for_url(f"{browsing.base_url}{ME}asukasalueet/")
    assert page.get_by_role("link", name="Itäinen kortteli").count() == 0
    page.get_by_role("link", name="Kruununhaan kortteli").click()
    page.wait_for_url(f"{browsing.base_url}{ME}asukasalueet/{inside.pk}/")
    browsing.wait_for_map()  # the proposal and the peruspiirit, fetched from the API

    # A rejection without a reason: the error beside the field, the choice kept.
    page.get_by_text("Hylkää alue", exact=True).click()  # HDS draws the radio on the label
    page.get_by_role("button", name="Tallenna päätös").click()
    page.wait_for_selector("#id_reason-error")
    assert page.get_by_label("Hylkää alue").is_checked()
    _expect_refusal(browsing, 400)
    page.get_by_label("Päätöksen perustelu").fill("Alue on jo puistoa.")
    page.get_by_role("button", name="Tallenna päätös").click()
    page.wait_for_url(f"{browsing.base_url}{ME}asukasalueet/")
    assert "Hylätty: Kruununhaan kortteli." in page.locator(".hds-notification--success").inner_text()
    inside.refresh_from_db()
    assert (inside.state, inside.moderation_reason) == (ResidentAreaState.REJECTED, "Alue on jo puistoa.")

    # Outside the district: the 403 page, and nothing changes.
    response = browsing.open(f"{ME}asukasalueet/{outside.pk}/")
    assert response is not None
    assert page.locator("h1").inner_text() == "Et voi avata tätä sivua"
    _expect_refusal(browsing, 403)
    outside.refresh_from_db()
    assert (outside.state, outside.moderator) == (ResidentAreaState.PROPOSED, None)

    # A consent: the phone number appears on the public card.
    browsing.open("/alue/peruspiiri/101/")
    assert PHONE_NUMBER not in _card(page)
    browsing.open(f"{ME}profiili/")
    assert PHONE_NUMBER not in _card(page)
    page.get_by_text("Näytä puhelinnumeroni julkisella kortillani", exact=True).click()  # HDS draws the box on the label
    page.get_by_role("button", name="Tallenna profiilini").click()
    page.wait_for_selector(".hds-notification--success")
    assert PHONE_NUMBER in _card(page)  # the preview
    browsing.open("/alue/peruspiiri/101/")
    assert PHONE_NUMBER in _card(page)  # what the public sees
    browsing.assert_clean()


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_every_workspace_page_passes_axe_and_fits_a_phone(browsing, workspace, prefix):
    _sign_in(browsing)
    page = browsing.page
    paths = ["", "asukasalueet/", f"asukasalueet/{workspace['inside'].pk}/", "budjettiehdotukset/",
             f"budjettiehdotukset/{workspace['budget'].pk}/", "yhteydenotot/", "profiili/", "kattavuus/"]  # fmt: skip
    for path in paths:
        browsing.open(f"{prefix}{ME}{path}")
        if page.locator(".geo-map").count():
            browsing.wait_for_map()
        assert page.get_attribute("html", "lang") == (prefix.strip("/") or "fi")
        assert axe_violations(page) == [], path
        page.set_viewport_size(PHONE)
        width = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= PHONE["width"], f"{prefix}{ME}{path} is {width} px wide at 390 px"
        browsing.screenshot(f"luotsi{prefix.replace('/', '-')}-{re.sub(r'[^a-z]+', '-', path).strip('-') or 'me'}-390")
        page.set_viewport_size({"width": 1280, "height": 900})
    browsing.assert_clean()
