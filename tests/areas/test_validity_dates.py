"""Areas answer only within their validity dates: the point lookup and the area index (issue 23)."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from areas.located import located_refresh_areas
from areas.models import Area, AreaMembership, DivisionType
from areas.selectors import area_lookup
from spaces.services import spaces_import
from tests.areas.samples import ORIGIN_X, ORIGIN_Y, feature_collection, parent_squares, write_geojson

INSIDE_1 = Point(ORIGIN_X + 1000, ORIGIN_Y + 1000, srid=3067)

TODAY = timezone.localdate()
DAY = timedelta(days=1)
CASES = [  # (valid_from, valid_to, answers today)
    (TODAY, None, True),
    (TODAY + DAY, None, False),
    (TODAY - DAY, None, True),
    (None, TODAY, True),
    (None, TODAY - DAY, False),
    (None, TODAY + DAY, True),
    (TODAY.replace(year=2030) if TODAY.year < 2030 else TODAY + 365 * DAY, None, False),
]


@pytest.fixture
def suurpiirit(run_import, tmp_path):
    run_import(write_geojson(tmp_path / "s.geojson", feature_collection(parent_squares())), slug="suurpiiri")


@pytest.mark.parametrize("valid_from,valid_to,answers", CASES)
def test_the_lookup_answers_only_with_valid_areas(suurpiirit, valid_from, valid_to, answers):
    Area.objects.filter(code="1").update(valid_from=valid_from, valid_to=valid_to)
    codes = [a.code for a in area_lookup(point=INSIDE_1).areas if a.division.slug == "suurpiiri"]
    assert codes == (["1"] if answers else [])


@pytest.mark.parametrize("valid_from,valid_to,answers", CASES)
def test_the_area_index_holds_only_valid_areas(suurpiirit, valid_from, valid_to, answers):
    Area.objects.filter(code="1").update(valid_from=valid_from, valid_to=valid_to)
    spaces_import(items=[{"origin_id": "t:1", "name_fi": "Kirjasto", "point": INSIDE_1}], source="test")
    suurpiiri = DivisionType.objects.get(slug="suurpiiri")
    located_refresh_areas(division=suurpiiri)
    indexed = AreaMembership.objects.filter(division=suurpiiri).values_list("area__code", flat=True)
    assert list(indexed) == (["1"] if answers else [])


def test_the_daily_refresh_brings_an_area_in_on_its_first_day(suurpiirit):
    from django.core.management import call_command

    Area.objects.filter(code="1").update(valid_from=TODAY + DAY)
    spaces_import(items=[{"origin_id": "t:1", "name_fi": "Kirjasto", "point": INSIDE_1}], source="test")
    suurpiiri = DivisionType.objects.get(slug="suurpiiri")
    assert not AreaMembership.objects.filter(division=suurpiiri).exists()
    Area.objects.filter(code="1").update(valid_from=TODAY)  # the day has come
    call_command("refresh_area_index", verbosity=0)
    assert list(AreaMembership.objects.filter(division=suurpiiri).values_list("area__code", flat=True)) == ["1"]
