"""Sign-in through the identity service, end to end in chromium against the loopback provider.

The authorization-code flow with PKCE runs for real: the service's sign-in
page, the provider's login form, the callback, the token and userinfo calls
the service makes itself, and the person's own page.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from accounts.models import OidcIdentity
from budgeting.models import Voter
from geo_osallisuus import roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signin_page(browser, demo_site, city_idp):
    """A browser page that may visit the service and the provider, and nothing else."""
    allowed = {urlsplit(demo_site).netloc, urlsplit(city_idp.base_url).netloc}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def guard(route) -> None:
        if urlsplit(route.request.url).netloc in allowed:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort("blockedbyclient")

    context.route(re.compile(r".*"), guard)
    page = context.new_page()
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def sign_in(page, base_url: str, *, username: str, password: str, language: str = "en") -> None:
    prefix = "" if language == "fi" else f"/{language}"
    page.goto(f"{base_url}{prefix}/")
    page.locator(".account-nav a").click()
    page.locator("a.hds-button[href^='/oidc/authenticate/']").click()
    # The provider's own login form.
    page.wait_for_selector("#id_username")
    authorize = parse_qs(urlsplit(parse_qs(urlsplit(page.url).query)["next"][0]).query)
    assert authorize["code_challenge_method"] == ["S256"] and authorize["code_challenge"][0]
    assert authorize["state"][0] and authorize["nonce"][0]
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base_url) + r"/.*oma-sivu/$"))


def test_a_resident_signs_in_and_lands_on_their_own_page(signin_page, demo_site, city_idp):
    city_idp.set_person(
        "riikka", password="pw-riikka", claims={"given_name": "Riikka", "family_name": "Asukas", "email": "riikka@example.org"}
    )
    sign_in(signin_page, demo_site, username="riikka", password="pw-riikka")
    assert signin_page.locator("h1").inner_text() == "My page"
    assert "Riikka Asukas" in signin_page.locator("main").inner_text()
    # No strong identification: told how to identify to vote.
    assert "strong identification" in signin_page.locator("#me-voting ~ p, #me-voting + p").first.inner_text()
    user = get_user_model().objects.get(oidc_identity__issuer=city_idp.issuer)
    assert (user.first_name, user.email, roles.user_role(user)) == ("Riikka", "riikka@example.org", roles.RESIDENT)
    assert not Voter.objects.filter(user=user).exists()
    # The header now offers the own page and sign-out instead of sign-in.
    assert signin_page.locator(".account-nav form button").inner_text() == "Sign out"


def test_a_luotsi_signs_in_with_the_group_claim(signin_page, demo_site, city_idp):
    city_idp.set_person("lasse", password="pw-lasse", claims={"given_name": "Lasse", "groups": ["luotsi"]})
    sign_in(signin_page, demo_site, username="lasse", password="pw-lasse", language="sv")
    user = OidcIdentity.objects.get(issuer=city_idp.issuer).user
    assert roles.user_role(user) == roles.LUOTSI
    assert signin_page.url.endswith("/sv/oma-sivu/")


def test_a_voter_signs_in_with_the_birth_date_and_a_later_sign_in_updates_the_claims(signin_page, demo_site, city_idp):
    city_idp.set_person(
        "veera", password="pw-veera", claims={"birthdate": "2012-10-01", "home_municipality": "091", "groups": ["planner"]}
    )
    sign_in(signin_page, demo_site, username="veera", password="pw-veera")
    user = OidcIdentity.objects.get(issuer=city_idp.issuer).user
    voter = Voter.objects.get(user=user)
    assert (voter.birth_date, voter.is_resident) == (date(2012, 10, 1), True)
    assert roles.user_role(user) == roles.PLANNER

    # Sign out (a POST: at the provider too), move to Espoo and lose the planner group.
    signin_page.locator(".account-nav form button").click()
    signin_page.wait_for_url(re.compile(re.escape(demo_site) + "/en/$"))
    city_idp.set_person("veera", password="pw-veera", claims={"birthdate": "2012-10-01", "home_municipality": "049"})
    sign_in(signin_page, demo_site, username="veera", password="pw-veera")
    voter.refresh_from_db()
    user = get_user_model().objects.get(pk=user.pk)
    assert voter.is_resident is False
    assert roles.user_role(user) == roles.RESIDENT
    assert "not Helsinki" in signin_page.locator("main").inner_text()
