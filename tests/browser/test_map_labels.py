"""Names, symbols and keys on the city map in a real browser (Debian's chromium)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from areas.models import Area
from map_ui.maps import CITY_ZOOM, HELSINKI_CENTRE

from .conftest import wait_until

VISIBLE_LABELS = (
    "([cls]) => [...document.querySelectorAll('.area-label--' + cls + ':not(.area-label--hidden) span')]"
    ".map(e => e.textContent)"
)
OVERLAPS = (
    "() => { const r = [...document.querySelectorAll('.area-label:not(.area-label--hidden) span')]"
    ".map(e => e.getBoundingClientRect()); let n = 0;"
    " for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)"
    "  if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;"
    " return n; }"
)


def labels_placed(browsing, zoom: int | None = None) -> None:
    page = browsing.page
    if zoom is not None:
        wait_until(page, f"document.querySelector('.geo-map').dataset.labelsZoom === '{zoom}'")
    else:
        wait_until(page, "document.querySelector('.geo-map').dataset.labelsZoom !== undefined")


@pytest.mark.parametrize(("path", "field"), [("/", "name_fi"), ("/sv/", "name_sv")])
def test_suurpiiri_names_at_the_city_zoom_in_the_page_language(browsing, path, field):
    page = browsing.open(path)
    browsing.wait_for_map()
    labels_placed(browsing)
    page.evaluate(
        "([centre, zoom]) => window.geoMap.maps[document.querySelector('.geo-map').id].map"
        ".setView(centre, zoom, {animate: false})",
        [list(HELSINKI_CENTRE), CITY_ZOOM],
    )
    labels_placed(browsing, CITY_ZOOM)
    names = {getattr(a, field) for a in Area.objects.filter(division__slug="suurpiiri")}
    shown = page.evaluate(VISIBLE_LABELS, ["suurpiiri"])
    browsing.screenshot(f"city-map-labels-{field}")
    # Every suurpiiri has room at the city zoom; none is written twice or in another language.
    assert sorted(shown) == sorted(names)
    assert page.evaluate(VISIBLE_LABELS, ["osa-alue"]) == []
    assert page.evaluate(VISIBLE_LABELS, ["peruspiiri"]) == []
    assert page.evaluate(OVERLAPS) == 0
    # Names are no markers: the map's markers are its items' (none on an areas-only map).
    assert page.locator(".leaflet-marker-icon").count() == 0
    browsing.assert_clean()


def test_osa_alue_names_closer_in_without_covering_each_other(browsing):
    page = browsing.open("/")
    browsing.wait_for_map()
    labels_placed(browsing)
    kluuvi = Area.objects.get(division__slug="osa-alue", code="020")
    spot = kluuvi.geometry.point_on_surface.transform(4326, clone=True)
    page.evaluate(
        "([lat, lon]) => window.geoMap.maps[document.querySelector('.geo-map').id].map.setView([lat, lon], 13, {animate: false})",
        [spot.y, spot.x],
    )
    labels_placed(browsing, 13)
    shown = page.evaluate(VISIBLE_LABELS, ["osa-alue"])
    assert "Kluuvi" in shown
    assert set(shown) <= set(Area.objects.filter(division__slug="osa-alue").values_list("name_fi", flat=True))
    assert page.evaluate(VISIBLE_LABELS, ["suurpiiri"]) == []
    # In the centre's small osa-alueet some names must give way: none may cover another.
    hidden = page.evaluate("() => document.querySelectorAll('.area-label--osa-alue.area-label--hidden').length")
    assert hidden > 0
    assert page.evaluate(OVERLAPS) == 0
    # None is cut by the map's edge.
    assert page.evaluate(
        "() => { const f = document.querySelector('.geo-map').getBoundingClientRect();"
        " return [...document.querySelectorAll('.area-label:not(.area-label--hidden)')].map(e => e.getBoundingClientRect())"
        ".filter(b => b.left < f.left || b.right > f.right || b.top < f.top || b.bottom > f.bottom).length; }"
    ) == 0
    browsing.screenshot("city-map-labels-osa-alueet")
    browsing.assert_clean()


@pytest.fixture
def demo_items(demo_site):
    for command in ("load_demo_spaces", "load_demo_feedback", "load_demo_budgeting"):
        call_command(command, stdout=open("/dev/null", "w"))
    return demo_site


def test_legend_symbols_match_the_map_symbols_and_the_choropleth_has_its_key(browsing, demo_items):
    page = browsing.open("/en/")
    browsing.wait_for_map()
    legend = page.evaluate(
        "() => [...document.querySelectorAll('[data-layer-key] [data-symbol]')].map(e => ["
        "e.closest('[data-layer-key]').dataset.layerKey, e.dataset.symbol, getComputedStyle(e).backgroundColor])"
    )
    keys = [key for key, _shape, _colour in legend]
    assert "spaces" in keys and any(key.startswith("budget-") for key in keys)
    # Each point layer its own symbol: no two share shape and colour.
    assert len({(shape, colour) for _key, shape, colour in legend}) == len(legend)
    drawn_layers = 0
    for key, shape, colour in legend:
        page.check(f"#layer-{key}")
        page.locator(f'[data-layer-key="{key}"][data-count]').wait_for(timeout=15_000)
        if page.locator(f'[data-layer-key="{key}"]').get_attribute("data-count") == "0":
            page.uncheck(f"#layer-{key}")
            continue  # e.g. no cases loaded: nothing to compare
        drawn_layers += 1
        drawn = page.evaluate(
            "([shape]) => [...document.querySelectorAll('.geo-map .layer-symbol--' + shape)]"
            ".map(e => getComputedStyle(e).backgroundColor)",
            [shape],
        )
        assert colour in drawn, (key, shape, colour, drawn)
        page.uncheck(f"#layer-{key}")
    assert drawn_layers >= 2  # the spaces and a budget layer
    browsing.screenshot("city-map-symbols")

    page.check("#layer-feedback-counts")
    page.locator('[data-layer-key="feedback-counts"][data-count]').wait_for(timeout=15_000)
    key = page.locator('[data-layer-key="feedback-counts"] [data-choropleth-key]')
    assert key.is_visible()
    rows = key.locator("li")
    assert rows.first.inner_text() == "0 or too few to publish"
    colours = [rows.nth(i).get_attribute("data-color") for i in range(1, rows.count())]
    assert colours
    fills = page.evaluate("() => [...document.querySelectorAll('.geo-map path')].map(p => p.getAttribute('fill'))")
    assert set(colours) & set(fills)
    browsing.screenshot("city-map-choropleth-key")
    browsing.assert_clean()
