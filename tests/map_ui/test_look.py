"""The city's look (Helsinki Design System from npm) and words and numbers in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.cases.factories import at, case, space

pytestmark = pytest.mark.django_db

NARROW_NBSP = "\u202f"
HDS_SHEETS = ("npm/hds-core/base.min.css", "npm/hds-core/components/all.min.css")


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load numbers map_ui %}" + source).render(Context(context))


class TestHds:
    def test_every_page_links_the_hds_sheets_before_its_own(self, demo_areas):
        html = Client().get("/sv/").content.decode()
        links = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
        assert links[:3] == [*HDS_SHEETS, "map_ui/site.css"]  # site.css last: it builds on HDS's tokens

    def test_the_sheets_are_static_files_of_the_service_with_the_classes_pages_use(self):
        text = "".join(open(finders.find(name), encoding="utf-8").read() for name in HDS_SHEETS)
        for name in ("hds-button--primary", "hds-button--secondary", "hds-text-input__input", "hds-text-input--invalid",
                     "hds-text-input__error-text", "hds-notification--error", "hds-notification--success",
                     "hds-table", "hds-checkbox", "hds-koros", "--color-bus", "--spacing-s"):  # fmt: skip
            assert name in text, name
        # No request to another host: HDS's font sheet (the city's CDN) is not among them.
        assert "@font-face" not in text and not re.search(r"url\(\s*[\"']?https?:", text)

    def test_header_and_footer_have_the_koros(self, demo_areas):
        html = Client().get("/").content.decode()
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
        assert 'class="hds-koros hds-koros--flip-vertical' in header and 'class="hds-koros site-footer__koros' in footer
        assert html.count('id="koros-') == 2  # each pattern its own id
        assert "http" not in header.split('class="hds-koros')[1]  # an inline SVG, no file fetched


class TestNumbers:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [("fi", f"175{NARROW_NBSP}000"), ("sv", f"175{NARROW_NBSP}000"), ("en", "175,000")],
    )
    def test_counts_group_thousands(self, language, expected):
        assert render("{{ n|number }}", language, n=175000) == expected

    @pytest.mark.parametrize("n", [999, 1000])  # the first number with a group separator, and one below
    def test_the_group_starts_at_a_thousand(self, n):
        assert render("{{ n|number }}", "fi", n=n) == ("999" if n == 999 else f"1{NARROW_NBSP}000")

    @pytest.mark.parametrize(("language", "expected"), [("fi", "1,25"), ("sv", "1,25"), ("en", "1.25")])
    def test_decimal_strings_from_the_selectors(self, language, expected):
        assert render("{{ rate|number:2 }}", language, rate="1.25") == expected

    def test_rounds_half_up_and_nothing_for_none(self):
        assert render("{{ a|number:0 }}|{{ b|number }}", "fi", a="2.5", b=None) == "3|"


class TestFinnishOnlyTexts:
    def test_a_title_only_in_finnish_is_marked_on_swedish_and_english_pages(self, demo_areas):
        item = case(title="Rautatientorin kiveys")
        client = Client()
        assert "<h1>Rautatientorin kiveys</h1>" in client.get(f"/asia/{item.ahjo_id}/").content.decode()
        for prefix in ("/sv", "/en"):
            assert '<h1 lang="fi">Rautatientorin kiveys</h1>' in client.get(f"{prefix}/asia/{item.ahjo_id}/").content.decode()

    def test_a_title_in_the_pages_language_is_not_marked(self, demo_areas):
        item = case(title="Rautatientorin kiveys", title_en="Paving the Railway Square")
        client = Client()
        assert "<h1>Paving the Railway Square</h1>" in client.get(f"/en/asia/{item.ahjo_id}/").content.decode()
        # Swedish has none: the Finnish one is shown (the first fallback), marked as Finnish.
        assert '<h1 lang="fi">Rautatientorin kiveys</h1>' in client.get(f"/sv/asia/{item.ahjo_id}/").content.decode()

    def test_ahjos_sector_is_finnish(self, demo_areas):
        item = case(sector="Kaupunkiympäristön toimiala")
        assert "<dd>Kaupunkiympäristön toimiala</dd>" in Client().get(f"/asia/{item.ahjo_id}/").content.decode()
        assert '<dd lang="fi">Kaupunkiympäristön toimiala</dd>' in Client().get(f"/sv/asia/{item.ahjo_id}/").content.decode()


class TestAhjoLink:
    @pytest.mark.parametrize(
        ("prefix", "path"), [("", "fi/asia"), ("/sv", "sv/arende"), ("/en", "en/case")]
    )
    def test_the_case_page_links_ahjo_in_its_language(self, demo_areas, prefix, path):
        item = case(case_id="HEL 2025-001216")
        html = Client().get(f"{prefix}/asia/{item.ahjo_id}/").content.decode()
        assert f'href="https://paatokset.hel.fi/{path}/hel-2025-001216"' in html

    def test_a_language_ahjo_lacks_gets_finnish_and_the_api_keeps_one_address(self):
        item = case(case_id="HEL 2025-001217")
        assert item.ahjo_url_in("de") == item.ahjo_url == "https://paatokset.hel.fi/fi/asia/hel-2025-001217"


class TestEmptyStates:
    def test_an_area_with_nothing_says_what_it_lacks(self, demo_areas):
        html = Client().get("/alue/osa-alue/010/").content.decode()
        with translation.override("fi"):
            for english in (
                "No pending case of the city's decision-making lies in or touches this area.",
                "The city has no spaces for residents in this area.",
            ):
                finnish = translation.gettext(english)
                assert finnish != english and finnish in html

    def test_one_case_is_counted_not_called_none(self, demo_areas):
        case(title="Rautatientorin kiveys", geometry=at(0, 0))
        html = Client().get("/en/alue/osa-alue/020/").content.decode()  # Kluuvi, where the station is
        cases = html[html.index('id="cases"') : html.index('id="spaces"')]
        assert 'data-count="1">1 pending case lies in or touches this area.' in cases and "No pending case" not in cases


class TestSpacePrice:
    def test_the_english_page_shows_the_english_price_text(self, demo_areas):
        item = space("Testikirjasto", at(100, 100), is_free=False,
                     price_info_fi="Tilavuokra 20 €/h", price_info_en="Room hire €20 an hour")  # fmt: skip
        html = Client().get(f"/en/tila/{item.pk}/").content.decode()
        assert "Room hire €20 an hour" in html and "Tilavuokra" not in html

    def test_a_finnish_only_price_text_is_marked_finnish_on_the_english_page(self, demo_areas):
        item = space("Testikirjasto", at(100, 100), is_free=False, price_info_fi="Tilavuokra 20 €/h")
        html = Client().get(f"/en/tila/{item.pk}/").content.decode()
        assert '<span lang="fi">Tilavuokra 20 €/h</span>' in html
