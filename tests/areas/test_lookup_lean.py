"""The lookup's lean answer: what LookupAreaSerializer makes of the Area models, built without them."""

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db.models.signals import post_init
from django.utils import translation

from areas.api.serializers import LookupAreaSerializer
from areas.models import Area
from areas.selectors import area_lookup, area_lookup_answer

pytestmark = pytest.mark.usefixtures("demo_areas")

STATION = Point(385722.6, 6672094.4, srid=settings.PROJECTION_SRID)
# Kallio and the eastern city: other parents, other divisions.
POINTS = [STATION, Point(386400.0, 6674300.0, srid=settings.PROJECTION_SRID), Point(395000.0, 6675000.0, srid=3067)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("point", POINTS, ids=["station", "kallio", "east"])
def test_the_lean_answer_is_what_the_serializer_makes(point, language):
    with translation.override(language):
        result = area_lookup(point=point)
        inside, areas = area_lookup_answer(point=point)
        assert areas
        assert inside is result.inside_helsinki
        assert areas == LookupAreaSerializer(result.areas, many=True).data


def test_an_empty_name_falls_back_like_modeltranslation():
    Area.objects.filter(division__slug="suurpiiri", code="1").update(name_sv="")
    with translation.override("sv"):
        _inside, areas = area_lookup_answer(point=STATION)
        expected = LookupAreaSerializer(area_lookup(point=STATION).areas, many=True).data
    south = next(a for a in areas if a["division"] == "suurpiiri")
    assert south["name"] == south["name_fi"] == "Eteläinen"
    assert areas == expected


def test_a_parent_the_point_is_not_in_is_read_by_id():
    osa_alue = next(a for a in area_lookup(point=STATION).areas if a.division.slug == "osa-alue")
    # The station's suurpiiri moved away: still the parent of the parent, no longer under the point.
    elsewhere = Area.objects.get(division__slug="suurpiiri", code="2").geometry
    Area.objects.filter(pk=osa_alue.parent.parent_id).update(geometry=elsewhere)
    _inside, areas = area_lookup_answer(point=STATION)
    lean = next(a for a in areas if a["division"] == "osa-alue")
    assert [p["name_fi"] for p in lean["parents"]] == ["Vironniemi", "Eteläinen"]
    assert "Eteläinen" not in [a["name_fi"] for a in areas if a["division"] == "suurpiiri"]


def test_the_api_lookup_builds_no_area_models(client):
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=Area)
    try:
        response = client.get("/api/v1/lookup/", {"lat": "60.1699", "lon": "24.9384"})
    finally:
        post_init.disconnect(count, sender=Area)
    assert response.status_code == 200 and len(response.json()["areas"]) == 3
    assert built == []
