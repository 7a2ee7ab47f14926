"""The real Ahjo samples placed against the demo areas and addresses: the share located."""

from pathlib import Path

import pytest

from areas.demo import demo_addresses_load
from areas.geocoding import TextGeolocator
from cases.ahjo import read_ahjo_file

AHJO = Path("/work/shared/data/ahjo")
pytestmark = pytest.mark.skipif(not (AHJO / "listing-real.json").exists(), reason="needs /work/shared/data/ahjo")


@pytest.fixture
def locator(demo_areas):
    demo_addresses_load()
    return TextGeolocator.from_database()


def placed(locator, name):
    return [(case.text_for_geolocation, locator.locate(case.text_for_geolocation)) for case in read_ahjo_file(AHJO / name)]


def test_print(locator):
    for name in ("listing-real.json", "cases.json", "case.json", "case-no-title.json"):
        rows = placed(locator, name)
        print(name, sum(1 for _t, p in rows if p), "/", len(rows))
        for text, places in rows:
            print("   ", [(p.precision, p.matched) for p in places], "|", text[:90])


def test_print_real(db):
    shared_data = AHJO.parent
    from django.core.management import call_command
    for f in ("gispo_osa_alueet.geojson", "gispo_kaupunginosat.geojson"):
        call_command("import_divisions", str(shared_data / "divisions-2022" / f), verbosity=0)
    demo_addresses_load()
    locator = TextGeolocator.from_database()
    test_print(locator)
