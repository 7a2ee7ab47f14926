"""A demo user signs in from the city map's header with the keyboard and lands on their own page,
in each of the service's languages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from accounts.demo import DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "prefix"), [("fi", ""), ("sv", "/sv"), ("en", "/en")])
def test_a_demo_user_signs_in_from_the_city_maps_header(browsing, language, prefix):
    demo = DEMO_USERS[0]
    get_user_model().objects.create_user(demo.username, password=demo.password)
    with translation.override(language):
        sign_in, user_name, password, my_page, sign_out = (
            gettext(text) for text in ("Sign in", "User name", "Password", "My page", "Sign out")
        )
    page = browsing.open(prefix + "/")
    page.locator(".account-nav").get_by_role("link", name=sign_in, exact=True).click()
    page.wait_for_url(re.compile(re.escape(f"{browsing.base_url}{prefix}/kirjaudu/")))
    page.get_by_label(user_name, exact=True).fill(demo.username)
    page.get_by_label(password, exact=True).fill(demo.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}{prefix}/oma-sivu/")
    assert page.locator("h1").inner_text() == my_page
    assert page.get_attribute("html", "lang") == language
    page.locator(".account-nav").get_by_role("button", name=sign_out).click()
    page.wait_for_url(f"{browsing.base_url}{prefix}/")
    assert page.locator(".account-nav").get_by_role("link", name=sign_in, exact=True).is_visible()
    browsing.assert_clean()
