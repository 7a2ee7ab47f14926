"""Every kind of page in a real browser on a phone: no sideways scroll at 390 px (WCAG 1.4.10), no serious
or critical axe-core finding, and the Helsinki Design System's stylesheet in effect. One browser page per
language visits them all (the machine is slow); screenshots go to var/artifacts/look-*.png."""

from __future__ import annotations


import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from areas.models import Area, DivisionType
from budgeting.models import Project
from cases.models import Case
from feedback.models import Sector
from initiatives import services as initiative_services
from initiatives.models import InitiativeCategory
from map_ui.i18n import page_reverse
from spaces.models import Space
from tests.browser.axe import AXE, axe_run
from tests.feedback.conftest import KALLIO, point

PHONE = {"width": 390, "height": 844}
BUS = "rgb(0, 0, 191)"  # HDS --color-bus


@pytest.fixture
def every_kind(demo_site):
    """One item of each kind the pages show, and demo.luotsi (a luotsi with a user) to sign in as."""
    for command in ("load_demo_cases", "load_demo_spaces", "load_demo_luotsit", "load_demo_budgeting", "load_demo_users"):
        call_command(command, verbosity=0)
    sector = Sector.objects.create(code="kymp", name_fi="Kaupunkiympäristö", name_en="Urban environment")
    category = InitiativeCategory.objects.create(code="env", name_fi="Ympäristö", name_en="Environment", sector=sector)
    initiative = initiative_services.initiative_create(
        author=get_user_model().objects.get(username="demo.asukas"),
        title="Penkit Kallion puistoon",
        text="Puistossa ei ole yhtään penkkiä, vaikka siellä käy paljon ikäihmisiä.",
        category=category,
        point=point(KALLIO),
    )
    return {
        "areas": [Area.objects.filter(division=division).order_by("code").first() for division in DivisionType.objects.all()],
        "case": Case.objects.pending().located().order_by("case_id").first(),
        "space": Space.objects.order_by("pk").first(),
        "project": Project.objects.order_by("pk").first(),
        "initiative": initiative,
        "luotsi_user": get_user_model().objects.get(username="demo.luotsi"),
    }


def _public_paths(items: dict, language: str) -> tuple[list[str], str]:
    with translation.override(language):
        paths = [page_reverse("map_ui:city-map"), page_reverse("map_ui:near-me")]
        paths += [
            page_reverse("map_ui:area", kwargs={"division": area.division.slug, "code": area.code})
            for area in items["areas"]
            if area is not None
        ]
        paths += [
            page_reverse("map_ui:case", kwargs={"case_id": items["case"].ahjo_id}),
            page_reverse("map_ui:space", kwargs={"pk": items["space"].pk}),
            page_reverse("budgeting:project", kwargs={"pk": items["project"].pk}),
            page_reverse("map_ui:initiative", kwargs={"pk": items["initiative"].pk}),
            page_reverse("map_ui:participation"),
            page_reverse("map_ui:initiative-report"),
            page_reverse("map_ui:accessibility"),
            page_reverse("map_ui:privacy"),
            page_reverse("map_ui:open-data"),
            page_reverse("accounts:signin"),
        ]
        # The error page: the browser logs the 404 itself as a console error, so it comes last.
        return paths, page_reverse("accounts:me")


def _sign_in(browsing, user) -> None:
    """The session of `user` in the browser, as a sign-in would leave it."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browsing.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": browsing.base_url}])


def _page_width(page) -> int:
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def _serious_axe_findings(page) -> list[str]:
    """axe-core's serious and critical violations on the page (every rule, not only WCAG's tags)."""
    result = axe_run(page, wcag_only=False)
    assert result["passes"] > 10, f"axe-core checked next to nothing ({result['passes']} rules passed)"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {', '.join(v['targets'][:3])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _check(browsing, path: str, name: str, problems: list[str]) -> None:
    page = browsing.page
    browsing.open(path)
    page.wait_for_load_state("networkidle")  # the maps' layers are in
    width = _page_width(page)
    if width > PHONE["width"]:
        problems.append(f"{path}: {width} px wide")
    problems.extend(f"{path}: {finding}" for finding in _serious_axe_findings(page))
    browsing.screenshot(f"look-{name}-390")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_page_kind_fits_a_phone_and_passes_axe(browsing, every_kind, language):
    assert AXE.is_file(), "run scripts/npm-assets.sh (axe-core from npm)"
    browsing.page.set_viewport_size(PHONE)
    problems: list[str] = []
    public, my_page = _public_paths(every_kind, language)
    for number, path in enumerate(public):
        _check(browsing, path, f"{language}-{number:02d}{path.rstrip('/').replace('/', '-')}", problems)
    _sign_in(browsing, every_kind["luotsi_user"])
    _check(browsing, my_page, f"{language}-me", problems)
    _check(browsing, "/luotsit/me/", f"{language}-luotsi-me", problems)
    browsing.assert_clean()
    _check(browsing, f"{'' if language == 'fi' else '/' + language}/ei-tallaista-sivua/", f"{language}-404", problems)
    assert not browsing.foreign_requests
    assert not problems, "\n".join(problems)


def test_the_hds_stylesheet_is_in_effect(browsing, demo_site):
    page = browsing.open("/en/lahella/")
    style = page.evaluate(
        "() => { const button = getComputedStyle(document.querySelector('#use-location'));"
        " const header = getComputedStyle(document.querySelector('.site-header'));"
        " return {background: button.backgroundColor, minHeight: button.minHeight, radius: button.borderTopLeftRadius,"
        " header: header.backgroundColor, font: getComputedStyle(document.body).fontFamily}; }"
    )
    # HDS's primary button (56 px high, square, the bus blue), the header in HDS's token, HDS's type stack.
    assert style == {"background": BUS, "minHeight": "56px", "radius": "0px", "header": BUS,
                     "font": "HelsinkiGroteskPro, Arial, sans-serif"}  # fmt: skip
    browsing.screenshot("look-near-me-desktop")
    browsing.assert_clean()
