"""areas.match_terms: the words of an item reduced to what they mean (base forms, compound
parts, Swedish stems, numbers, fi/sv place terms), and finnish.compound_parts itself."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from areas.match_terms import match_terms
from areas.models import Area, DivisionType
from geo_osallisuus.finnish import compound_parts


@pytest.fixture
def lauttasaari(db) -> Area:
    division = DivisionType.objects.create(slug="match-terms", name="Match terms")
    box = MultiPolygon(Polygon.from_bbox((380000, 6670000, 380010, 6670010)), srid=3067)
    return Area.objects.create(division=division, code="31", name_fi="Lauttasaari", name_sv="Drumsö", geometry=box)


def test_compound_parts_are_the_base_forms_of_the_parts():
    assert compound_parts("leikkipuistoon") == {"leikki", "puisto"}
    # Not a compound, and not a word Voikko knows: no parts.
    assert compound_parts("puisto") == frozenset()
    assert compound_parts("xqzv") == frozenset()


@pytest.mark.django_db
def test_inflected_finnish_words_give_their_base_forms():
    assert match_terms("Penkit rannalle") == match_terms("penkkejä rantaan") == ["penkki", "ranta"]


@pytest.mark.django_db
def test_a_compound_gives_its_parts_so_that_it_meets_them():
    terms = match_terms("Leikkipuistoon")
    assert {"leikkipuisto", "leikki", "puisto"} <= set(terms)
    assert set(match_terms("puisto")) <= set(terms)


@pytest.mark.django_db
def test_swedish_words_give_their_stems_and_stop_words_nothing():
    assert match_terms("bänkarna i parken och") == match_terms("bänk park") == ["bänk", "park"]


def test_a_place_in_either_language_gives_the_same_place_term_only(lauttasaari):
    assert match_terms("Lauttasaaressa") == match_terms("Drumsö") == ["@lauttasaari"]
    # Its compound parts ("lautta", "saari") are not terms of a place name.
    assert match_terms("Penkit Lauttasaaren rantaan") == ["@lauttasaari", "penkki", "ranta"]
    # Without the area in the database the name is only a word.
    lauttasaari.delete()
    assert "@lauttasaari" not in match_terms("Lauttasaaressa")


@pytest.mark.django_db
def test_numbers_lose_leading_zeros_and_filler_words_count_for_nothing():
    assert match_terms("Itäväylä 012") == match_terms("itäväylä 12") == ["#12", "itä", "itäväylä", "väylä"]
    assert match_terms("Lisää uusi") == [] and match_terms("") == []
