"""Moving an item that only touches areas: the index drops every old row, not only the `covers` ones.

The move tests in test_located.py move points, whose rows all have covers=True;
a line across several areas lies wholly inside none of them (covers=False).
"""

import pytest
from django.contrib.gis.geos import LineString

from areas.models import AreaMembership
from areas.selectors import area_lookup
from cases.services import case_location_create, case_location_delete
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")

# From the station 14 km east: across several suurpiirit, wholly inside none.
ACROSS = LineString(factories.at(0, 0), factories.at(14000, 5000), srid=factories.STATION_3067.srid)
NORTH = factories.at(2000, 9000)


def rows(case) -> set[tuple[str, str, bool]]:
    return set(
        AreaMembership.objects.filter(content_type__model="case", object_id=case.pk).values_list(
            "division__slug", "area__code", "covers"
        )
    )


def codes_at(point) -> set[tuple[str, str, bool]]:
    return {(a.division.slug, a.code, True) for a in area_lookup(point=point).areas}


@pytest.fixture
def line_case():
    case = factories.case(geometry=ACROSS)
    touched = rows(case)
    assert len({code for slug, code, _ in touched if slug == "suurpiiri"}) >= 2
    assert {covers for slug, _code, covers in touched if slug == "suurpiiri"} == {False}
    return case


def test_a_line_moved_to_a_point_keeps_no_row_of_the_areas_it_crossed(line_case):
    case_location_create(case=line_case, geometry=NORTH)
    case_location_delete(location=line_case.locations.get(geometry=ACROSS))
    assert rows(line_case) == codes_at(NORTH)


def test_a_line_removed_leaves_no_row(line_case):
    case_location_delete(location=line_case.locations.get())
    assert rows(line_case) == set()
