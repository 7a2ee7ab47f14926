"""Geolocation that knows Finnish: inflected names through Voikko, areas placed whole.

Run against the demo areas (real names, approximate shapes) and the demo address register.
"""

import pytest

from areas.demo import demo_addresses_load
from areas.geocoding import TextGeolocator
from areas.models import Area
from cases.models import Case, CaseLocation
from cases.services import cases_geolocate

from . import factories
from .inflected_names import INFLECTED


@pytest.fixture
def locator(demo_areas):
    demo_addresses_load()
    return TextGeolocator.from_database()


def area_named(locator, text) -> list[str]:
    return [Area.objects.get(pk=p.area_id).name_fi for p in locator.locate(text) if p.precision == "area"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Asemakaavan muutos, Kruununhaan kortteli", "Kruununhaka"),
        ("Katajanokan kärjen asemakaava", "Katajanokka"),
        ("Kampin keskuksen liikennejärjestelyt", "Kamppi"),
        ("Itäkeskuksen kauppakeskuksen laajennus", "Itäkeskus"),
        ("Kivikon liikuntapuiston hankesuunnitelma", "Kivikko"),
    ],
)
def test_inflected_names_with_gradation_and_stem_changes(locator, text, name):
    assert area_named(locator, text) == [name]


def test_every_hand_written_inflection_finds_its_area(locator):
    # Voikko for most; the compound's last part (Rastilassa) or plain endings (Landbossa) for names it lacks.
    found = {word: area_named(locator, f"Asemakaavan muutos, {word}") for word, _name in INFLECTED}
    assert found == {word: [name] for word, name in INFLECTED}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Detaljplaneändring, Kronohagens kvarter", "Kruununhaka"),  # genitive -s
        ("Detaljplaneändring, Skatudden", "Katajanokka"),  # as written
    ],
)
def test_swedish_names(locator, text, name):
    assert area_named(locator, text) == [name]


def test_a_common_word_that_ends_like_a_name_is_no_name(locator):
    # "Kallioinen" is a word of its own to Voikko: no fallback splits it into Kallio.
    assert locator.locate("Kallioinen rinne ja kivikkoinen maasto") == []


def _located(title):
    case = factories.case(title=title, geolocation_text=title)
    cases_geolocate(cases=Case.objects.filter(pk=case.pk))
    return case


def test_a_case_named_after_an_area_is_placed_on_the_whole_area_and_counted_in_all_its_osa_alueet(demo_areas):
    demo_addresses_load()
    munkkiniemi = Area.objects.get(division__slug="peruspiiri", name_fi="Munkkiniemi")
    case = _located("Munkkiniemen koulun peruskorjaus")

    (location,) = case.locations.all()
    assert (location.precision, location.source, location.matched_text) == (
        CaseLocation.Precision.AREA,
        CaseLocation.Source.GEOLOCATED,
        "Munkkiniemen",
    )
    assert location.geometry.equals(munkkiniemi.geometry)

    osa_alueet = Area.objects.filter(division__slug="osa-alue")
    inside = set(osa_alueet.filter(parent=munkkiniemi))
    assert len(inside) > 1 and Area.objects.get(name_fi="Kuusisaari") in inside
    assert {a for a in osa_alueet if Case.objects.in_areas([a]).filter(pk=case.pk).exists()} == inside
    # Its neighbours only touch it along their boundary: they do not count it.
    neighbours = osa_alueet.filter(geometry__intersects=munkkiniemi.geometry).exclude(parent=munkkiniemi)
    assert neighbours.exists()
    assert not Case.objects.in_areas(neighbours).filter(pk=case.pk).exists()
    # It lies wholly inside its peruspiiri and suurpiiri.
    assert Case.objects.within_area(munkkiniemi).filter(pk=case.pk).exists()
    assert Case.objects.within_area(munkkiniemi.parent).filter(pk=case.pk).exists()


def test_a_street_address_stays_an_address_point(demo_areas):
    demo_addresses_load()
    case = _located("Asemakaavan muutos nro 12856, Kluuvi, Pohjoisesplanadi 37")
    (location,) = case.locations.all()
    assert (location.precision, location.geometry.geom_type) == (CaseLocation.Precision.ADDRESS, "Point")
    osa_alueet = [m.area for m in case.area_memberships.select_related("area") if m.area.division.slug == "osa-alue"]
    assert len(osa_alueet) == 1 and osa_alueet[0].geometry.covers(location.geometry)


def test_relocating_the_same_text_changes_nothing(demo_areas):
    demo_addresses_load()
    case = _located("Munkkiniemen koulun peruskorjaus")
    first = list(case.locations.values_list("pk", flat=True))
    assert cases_geolocate(cases=Case.objects.filter(pk=case.pk)).changed == 0
    assert list(case.locations.values_list("pk", flat=True)) == first


def test_the_api_and_the_case_page_say_the_precision(demo_areas, api_client, client):
    demo_addresses_load()
    case = _located("Munkkiniemen koulun peruskorjaus, Pohjoisesplanadi 37")  # an address wins over an area
    area_case = _located("Munkkiniemen koulun peruskorjaus")
    body = api_client.get(f"/api/v1/cases/{area_case.ahjo_id}/").json()
    (location,) = body["properties"]["locations"]
    assert (location["precision"], location["geometry"]["type"]) == ("area", "MultiPolygon")
    (location,) = api_client.get(f"/api/v1/cases/{case.ahjo_id}/").json()["properties"]["locations"]
    assert (location["precision"], location["geometry"]["type"]) == ("address", "Point")

    assert "Alue: Munkkiniemen" in client.get(f"/asia/{area_case.ahjo_id}/").content.decode()
    assert "Område: Munkkiniemen" in client.get(f"/sv/asia/{area_case.ahjo_id}/").content.decode()
    assert "Katuosoite: Pohjoisesplanadi 37" in client.get(f"/asia/{case.ahjo_id}/").content.decode()


@pytest.mark.parametrize("depth_m, counted", [(0.99, False), (1.0, True), (1.01, True), (0.0, False)])
def test_a_polygon_counts_in_an_area_from_a_share_of_one_percent_of_the_smaller(db, depth_m, counted):
    """A 100 m × 100 m plan area reaching `depth_m` into a much larger area: the overlap is
    depth × 100 m² of the plan's 10 000 m²; 1 % (MIN_OVERLAP_SHARE) is 100 m², i.e. 1 m. At 0 m it only
    touches the area's edge. The area it lies in is counted every time."""
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from areas.located import MIN_OVERLAP_SHARE
    from areas.models import DivisionType

    division = DivisionType.objects.create(slug="testijako", name_fi="Testijako", level=90)
    corner = factories.at(0, 0)
    x, y = round(corner.x), round(corner.y)

    def box(x0, y0, x1, y1):
        return Polygon(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), srid=corner.srid)

    home = Area.objects.create(
        division=division, code="1", name_fi="Koti", geometry=MultiPolygon(box(x - 2000, y - 2000, x, y + 2000))
    )
    east = Area.objects.create(
        division=division, code="2", name_fi="Itä", geometry=MultiPolygon(box(x, y - 2000, x + 2000, y + 2000))
    )
    plan = box(x - 100 + depth_m, y, x + depth_m, y + 100)
    assert MIN_OVERLAP_SHARE * plan.area == pytest.approx(100.0)
    case = factories.case(geometry=plan)
    assert Case.objects.in_areas([home]).filter(pk=case.pk).exists()
    assert Case.objects.in_areas([east]).filter(pk=case.pk).exists() is counted
