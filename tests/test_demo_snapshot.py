"""The demo_areas fixture's copy (tests/demo_snapshot.py) is what load_demo_data makes."""

from django.core.management import call_command

from areas.models import Area


def _rows() -> dict:
    return {
        (a.division.slug, a.code): (
            a.name_fi,
            a.name_sv,
            a.parent.code if a.parent else None,
            a.population,
            a.is_approximate,
            a.source,
            a.geometry.ewkb.hex(),
        )
        for a in Area.objects.select_related("division", "parent")
    }


def test_the_copied_demo_areas_equal_a_fresh_load(demo_areas):
    copied = _rows()
    assert len(copied) == 8 + 34 + 147  # suurpiirit, peruspiirit, osa-alueet in fixtures/demo/divisions.json
    Area.objects.all().delete()
    call_command("load_demo_data", verbosity=0)
    assert _rows() == copied


def test_tests_without_demo_areas_start_from_none(db):
    assert not Area.objects.exists()
