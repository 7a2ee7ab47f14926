"""A case placed on a whole area (geolocated from an area's name) on the city map
and an area page: a ringed marker inside the area, never at a point that reads as
an address, and a popup that says the precision in the page's language."""

from __future__ import annotations

from django.contrib.gis.geos import Point, Polygon

from areas.models import Area
from cases.models import Case, CaseLocation
from cases.pages import CASE_COLOUR
from cases.services import case_geometry_sync
from tests.cases.factories import STATION_3067, at, case

from .conftest import wait_until
from .test_map_pages import layer_count

# A U 600 m wide around the station, open to the north: its box's centre lies in
# the notch, outside the area, where a marker at the centre would be.
U_SHAPE = [(-300, -300), (300, -300), (300, 300), (150, 300), (150, -100), (-150, -100), (-150, 300), (-300, 300)]

OPEN_POPUP = """([id, caseId]) => new Promise(done => {
  const view = window.geoMap.maps[id].layers.cases;
  const marker = view.group.getLayers().find(m => m.feature && m.feature.properties.case_id === caseId);
  view.group.zoomToShowLayer(marker, () => {
    marker.openPopup();
    const at = marker.getLatLng();
    done({lat: at.lat, lon: at.lng, icon: marker.getElement().className, title: marker.getElement().title});
  });
})"""
# The area's outline drawn while the popup is open: dashed, in the cases' colour.
OUTLINES = f'document.querySelectorAll(\'.geo-map path[stroke="{CASE_COLOUR}"][stroke-dasharray="6 4"]\').length'

WORDS = {
    "": ("Tarkkuus", "Koko alue, ei yksittäinen osoite", "(koko alue)"),
    "sv/": ("Noggrannhet", "Hela området, inte en enskild adress", "(hela området)"),
    "en/": ("Precision", "The whole area, not a single address", "(the whole area)"),
}


def area_placed_case() -> Case:
    ring = [(STATION_3067.x + dx, STATION_3067.y + dy) for dx, dy in U_SHAPE]
    shape = Polygon([*ring, ring[0]], srid=STATION_3067.srid)
    placed = case(title="Kluuvin liikennesuunnitelma")
    CaseLocation.objects.create(
        case=placed,
        geometry=shape,
        source=CaseLocation.Source.GEOLOCATED,
        precision=CaseLocation.Precision.AREA,
        matched_text="Kluuvi",
    )
    case_geometry_sync(case_ids=[placed.pk])
    placed.refresh_from_db()
    # The test would pass for a marker at the box's centre were it inside the area.
    assert not shape.envelope.centroid.within(shape)
    return placed


def open_case_popup(browsing, page, placed: Case) -> dict:
    marker = page.evaluate(OPEN_POPUP, [browsing.map_id(), placed.case_id])
    page.locator(".leaflet-popup-content").wait_for()
    return marker


def test_an_area_placed_case_is_a_ringed_marker_inside_its_area_and_says_so(browsing, demo_site):
    placed = area_placed_case()
    # In the U's notch: a case at an address keeps its plain marker.
    addressed = case(title="Rautatientorin kiveys", geometry=at(0, 0))
    district = Area.objects.get(division__slug="peruspiiri", geometry__contains=STATION_3067)
    assert Case.objects.in_areas([district]).filter(pk=placed.pk).exists()
    pending = Case.objects.pending().located().count()

    for prefix, (precision, area_placed, title_suffix) in WORDS.items():
        page = browsing.open(f"/{prefix}alue/peruspiiri/{district.code}/")
        browsing.wait_for_map()
        marker = open_case_popup(browsing, page, placed)
        assert "layer-area-marker" in marker["icon"]
        assert marker["title"] == f"{placed.display_title} {title_suffix}"
        drawn_at = Point(marker["lon"], marker["lat"], srid=4326).transform(placed.geometry.srid, clone=True)
        assert drawn_at.within(placed.geometry)
        text = page.locator(".leaflet-popup-content").inner_text()
        assert precision in text and area_placed in text and placed.display_title in text
        wait_until(page, f"{OUTLINES} === 1")
        if prefix == "en/":
            browsing.screenshot("area-page-area-placed-case")
        page.evaluate("([id]) => window.geoMap.maps[id].map.closePopup()", [browsing.map_id()])
        wait_until(page, f"{OUTLINES} === 0")

    # The city map: the same marker, and the legend's key says what the ring means.
    page = browsing.open("/en/")
    browsing.wait_for_map()
    key = page.locator('[data-layer-key="cases"] [data-area-key]')
    assert key.is_hidden()
    page.check("#layer-cases")
    layer_count(page, "cases", pending)
    assert key.is_visible() and key.inner_text().strip() == "Concerns a whole area, not a single address"
    marker = open_case_popup(browsing, page, placed)
    assert "layer-area-marker" in marker["icon"]
    assert "The whole area, not a single address" in page.locator(".leaflet-popup-content").inner_text()
    browsing.screenshot("city-map-area-placed-case")
    page.evaluate("([id]) => window.geoMap.maps[id].map.closePopup()", [browsing.map_id()])
    wait_until(page, "document.querySelectorAll('.leaflet-popup').length === 0 && " + OUTLINES + " === 0")
    marker = open_case_popup(browsing, page, addressed)
    assert "layer-area-marker" not in marker["icon"] and marker["title"] == addressed.display_title
    assert "Precision" not in page.locator(".leaflet-popup-content").inner_text()
    browsing.assert_clean()
