"""The duplicate check on specific labelled pairs (bench/duplicate_pairs.py): an inflection, a
compound, a fi–sv place, the same words at another place, a place nearer ranking higher. The
aggregate figures are printed (pytest -s) and reported by the bench, not asserted here."""

import pytest

from areas.similar import SIMILARITY_MIN, similar_items
from bench import duplicate_quality as quality
from bench.duplicate_pairs import DISTANCE_NEAR, HELD_BACK, PAIRS, Pair
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    quality.places_ensure()


def offered(pair: Pair) -> bool:
    (item,) = quality.stored([pair])
    point = quality.written_at(pair)
    return item in similar_items(Initiative.objects.filter(pk=item.pk), text=pair.written, point=point)


@pytest.mark.parametrize(
    "pair",
    [
        Pair("Lisää penkkejä Vuosaaren rantaan", "Penkit Vuosaaren rannalle", True, "inflection"),
        Pair("Leikkipuisto Kumpulaan", "Kumpulaan uusi puisto lapsille leikkiä varten", True, "compound"),
        Pair("Koirapuisto Herttoniemeen", "Hundpark i Hertonäs", True, "translation"),
        Pair("Penkit Lauttasaaren rantaan", "Bänkar till stranden på Drumsö", True, "translation"),
        Pair("Penkit Vuosaaren rannalle", "Penkit Lauttasaaren rannalle", False, "same words, other place"),
        Pair("Katuvalot puistoon", "Katuvalot puistoon", False, "same words, other place", 3000),
    ],
    ids=lambda p: f"{p.kind}: {p.written}",
)
def test_the_pair_is_offered_exactly_when_it_is_the_same_matter(places, pair):
    assert offered(pair) is pair.same


def test_the_same_pair_at_the_radius_and_a_metre_beyond(places):
    pair = Pair("Katuvalot puistoon", "Katuvalot puistoon", True, "distance", 1000)
    assert offered(pair)
    assert not offered(Pair(pair.existing, pair.written, False, "distance", 1001))


def test_the_place_names_in_the_texts_decide_before_the_words(places):
    """The fi–sv place alone makes "Drumsö" meet "Lauttasaari"; without the area it does not."""
    pair = Pair("Penkit Lauttasaaren rantaan", "Bänkar till stranden på Drumsö", True, "translation")
    assert offered(pair)
    from areas.models import Area

    Area.objects.filter(name_fi="Lauttasaari").delete()
    assert not offered(pair)


def test_of_two_equally_similar_items_the_nearer_ranks_first(places):
    near, far = quality.stored([Pair("Penkit Vuosaaren rannalle", "", True, "x")] * 2)
    Initiative.objects.filter(pk=far.pk).update(geometry=quality.written_at(Pair("", "", True, "x", 800)))
    Initiative.objects.filter(pk=near.pk).update(geometry=quality.written_at(Pair("", "", True, "x", 2 * DISTANCE_NEAR)))
    found = similar_items(Initiative.objects.all(), text="Penkkejä Vuosaaren rantaan", point=quality.written_at(Pair("", "", True, "x", 0)))
    assert [i.pk for i in found] == [near.pk, far.pk]
    assert found[0].similarity == found[1].similarity and found[0].rank > found[1].rank


def test_the_figures_are_printed(places):
    items = quality.stored(PAIRS)
    after = quality.scores_after(PAIRS, items)
    before = quality.found_before(PAIRS, items)
    held = [p.held_back for p in PAIRS]
    now = quality.figures(HELD_BACK, [s >= SIMILARITY_MIN for s, h in zip(after, held) if h])
    then = quality.figures(HELD_BACK, [b for b, h in zip(before, held) if h])
    print(f"\nheld-back {now.pairs} pairs at {SIMILARITY_MIN}: now {now}, before {then}")
    assert now.pairs == len(HELD_BACK) >= 30
