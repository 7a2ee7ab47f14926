"""The demo address register goes only where no real register exists (issue 23)."""

from django.contrib.gis.geos import Point
from django.core.management import call_command

from areas.demo import DEMO_ADDRESSES_SOURCE, demo_addresses_load
from areas.models import Address


def _real_address(source="osoitteet.csv"):
    return Address.objects.create(
        street_fi="Testikuja", number="1", point=Point(385700, 6672400, srid=3067), source=source
    )


def test_an_empty_register_gets_the_demo_addresses(db):
    summary = demo_addresses_load()
    assert summary.created > 0
    assert Address.objects.filter(is_demo=True, source=DEMO_ADDRESSES_SOURCE).count() == summary.created


def test_a_real_register_gets_no_demo_addresses(db):
    _real_address()
    call_command("load_demo_cases", verbosity=0)
    assert list(Address.objects.values_list("source", flat=True)) == ["osoitteet.csv"]


def test_demo_addresses_loaded_before_a_real_register_go_when_it_comes(db):
    loaded = demo_addresses_load().created
    _real_address()
    summary = demo_addresses_load()
    assert (summary.created, summary.removed) == (0, loaded)
    assert not Address.objects.filter(source=DEMO_ADDRESSES_SOURCE).exists()


def test_the_demo_register_alone_is_refreshed_not_removed(db):
    loaded = demo_addresses_load().created
    summary = demo_addresses_load()
    assert (summary.created, summary.unchanged, summary.removed) == (0, loaded, 0)
