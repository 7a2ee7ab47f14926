"""The real Ahjo samples placed against the demo areas and the demo address register:
the share located and where (README, "Geolocation: Finnish names and precision", has the hand check)."""

from pathlib import Path

import pytest

from areas.demo import demo_addresses_load
from areas.geocoding import TextGeolocator
from areas.models import Area
from cases.ahjo import read_ahjo_file

AHJO = Path("/work/shared/data/ahjo")
pytestmark = pytest.mark.skipif(not (AHJO / "listing-real.json").exists(), reason="needs /work/shared/data/ahjo")

# Titles that name no place of Helsinki's divisions or of the demo register (checked by hand):
# a programme, a procurement, a decision for all schools, a named plot ("Salmisaaren
# toimitilatonttien", Salmisaari is no division), Ilmala (no osa-alue of its own), and three
# addresses missing from the demo register (Prinsessantie 2, Haapaniemenkatu 4, Hilatie 15).
UNPLACEABLE = (
    "Salmisaaren toimitilatonttien",
    "Vahingonkorvaus, henkilövahinko, Prinsessantie 2",
    "Asemakaavan muutos nro 12715, Sörnäinen",  # Sörnäinen is a kaupunginosa, not in the demo
    "Hankinta, ohjelmistokehityksen",
    "Tonttivaraus, alue, hotellihanke, Länsisatama",  # likewise Länsisatama
    "Kävelyn edistämisohjelma",
    "Vahingonkorvaus, henkilövahinko, 22.3.2020, Hilatie 15",
    "Hankinta, Ilmalan alueen",
    "Päätös perusopetuksen",
)


@pytest.fixture
def locator(demo_areas):
    demo_addresses_load()
    return TextGeolocator.from_database()


def test_the_real_listing_is_located_where_its_titles_say(locator):
    cases = read_ahjo_file(AHJO / "listing-real.json")
    placed = [(case.title, locator.locate(case.text_for_geolocation)) for case in cases]
    unplaced = [title for title, places in placed if not places]
    assert unplaced == [title for title, _places in placed if title.startswith(UNPLACEABLE)]
    assert (len(placed), len(placed) - len(unplaced)) == (25, 16)  # the measured share, 64 %
    # Every placed title names its area in the words matched (the hand check, kept).
    for title, places in placed:
        for place in places:
            assert place.precision == "area"
            assert Area.objects.get(pk=place.area_id).name_fi[:5].lower() == place.matched[:5].lower(), title


def test_the_other_samples(locator):
    names = ("cases.json", "case.json", "case-no-title.json")
    texts = [case.text_for_geolocation for name in names for case in read_ahjo_file(AHJO / name)]
    found = [[(p.precision, p.matched) for p in locator.locate(text)] for text in texts]
    assert found == [
        [],  # Lentorata: a railway plan outside the city's divisions
        [("area", "Pajamäki")],
        [("address", "Pohjoisesplanadi 37")],
        [("area", "Lauttasaari")],
        [("address", "Ormuspellontie 2")],
        [("area", "Haltialan")],
        [("area", "Kivikko")],
    ]
