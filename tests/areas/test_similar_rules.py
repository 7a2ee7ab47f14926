"""similar_items at its edges: the score threshold given, the radius itself included and
a metre beyond excluded, unplaced items only when asked, the limit, the order (most
similar first, then nearer, then lower id), and the text tidied before it is compared."""

import pytest
from django.contrib.gis.db.models.functions import Translate
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

from areas.similar import StemDice, similar_items, text_similarity
from cases.models import Case
from tests.cases import factories

# No areas needed: the similarity and the distances do not read the area index.
pytestmark = pytest.mark.django_db

TEXT = "Penkit Vuosaaren rannalle"
SAME = "Lisää penkkejä Vuosaaren rantaan"


def find(**kwargs):
    return similar_items(Case.objects.all(), field="title_fi", **kwargs)


def test_the_radius_includes_its_end_and_not_a_metre_more():
    at_edge = factories.case(title=SAME, geometry=factories.at(1000, 0))
    factories.case(title=SAME, geometry=factories.at(1001, 0))
    found = find(text=TEXT, point=factories.at(0, 0), radius_m=1000, include_unplaced=False)
    assert [c.pk for c in found] == [at_edge.pk]
    assert found[0].distance.m == pytest.approx(1000)


def test_unplaced_items_only_when_asked():
    unplaced = factories.case(title=SAME)
    placed = factories.case(title=SAME, geometry=factories.at(10, 0))
    # An unplaced item counts as at distance 0 among equal scores.
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0))] == [unplaced.pk, placed.pk]
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0), include_unplaced=False)] == [placed.pk]


def test_equal_scores_go_nearer_first_then_lower_id():
    far = factories.case(title=SAME, geometry=factories.at(500, 0))
    near = factories.case(title=SAME, geometry=factories.at(100, 0))
    twin = factories.case(title=SAME, geometry=factories.at(100, 0))
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0))] == [near.pk, twin.pk, far.pk]
    # Without a point: score, then id.
    assert [c.pk for c in find(text=TEXT)] == sorted([far.pk, near.pk, twin.pk])


def test_most_similar_first_and_the_threshold_given():
    exact = factories.case(title=TEXT, geometry=factories.at(900, 0))
    close = factories.case(title=SAME, geometry=factories.at(10, 0))
    factories.case(title="Uimaranta Kivinokkaan", geometry=factories.at(10, 0))
    found = find(text=TEXT, point=factories.at(0, 0))
    assert [c.pk for c in found] == [exact.pk, close.pk]
    assert found[0].similarity == pytest.approx(1.0) and found[0].similarity > found[1].similarity
    score = found[1].similarity  # a PostgreSQL real: compare a millionth either side
    assert [c.pk for c in find(text=TEXT, min_similarity=score - 1e-6)] == [exact.pk, close.pk]
    assert [c.pk for c in find(text=TEXT, min_similarity=score + 1e-6)] == [exact.pk]


def test_the_limit():
    cases = [factories.case(title=SAME, geometry=factories.at(10 * n, 0)) for n in range(1, 4)]
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0), limit=2)] == [c.pk for c in cases[:2]]
    assert len(find(text=TEXT, limit=2)) == 2


def test_the_text_is_tidied_and_cut_at_500_characters():
    exact = factories.case(title=TEXT)
    assert [c.pk for c in find(text=f"  {TEXT.replace(' ', '   ')}\n")] == [exact.pk]
    assert find(text=TEXT + " " + "x" * 600)[0].similarity == find(text=TEXT + " " + "x" * 700)[0].similarity


def test_stem_dice_knows_two_languages_only():
    with pytest.raises(ValueError, match=r"^Unknown text-search configuration 'english'\.$"):
        StemDice("title_fi", TEXT, "english")
    factories.case(title=TEXT)
    scored = Case.objects.annotate(
        fi=StemDice("title_fi", TEXT, "finnish"), sv=StemDice("title_fi", "", "swedish"), all=text_similarity("title_fi", TEXT)
    ).get()
    assert (scored.fi, scored.sv, scored.all) == (1.0, 0.0, 1.0)


def test_without_a_point_most_similar_first_then_lower_id():
    close = factories.case(title=SAME)
    exact = factories.case(title=TEXT)
    # Equal scores, the higher id stored first: the order is by id all the same.
    later = factories.case(title=SAME, pk=close.pk + 1000)
    earlier = factories.case(title=SAME, pk=close.pk + 999)
    assert [c.pk for c in find(text=TEXT)] == [exact.pk, close.pk, earlier.pk, later.pk]


def test_the_unplaced_items_kept_are_the_most_similar_then_lower_id():
    close = factories.case(title=SAME)
    exact = factories.case(title=TEXT)
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0), limit=1)] == [exact.pk]
    later = factories.case(title=SAME, pk=close.pk + 1000)
    earlier = factories.case(title=SAME, pk=close.pk + 999)
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0), limit=3)] == [exact.pk, close.pk, earlier.pk]
    assert later.pk not in [c.pk for c in find(text=TEXT, point=factories.at(0, 0), limit=3)]


def test_the_default_field_is_the_title():
    exact = Case.objects.create(case_id="HEL 2025-999999", title=TEXT)
    assert [c.pk for c in similar_items(Case.objects.all(), text=TEXT)] == [exact.pk]


def test_the_500th_character_is_the_last_compared():
    base = TEXT + " " + "x" * (500 - len(TEXT) - 1)
    assert len(base) == 500
    factories.case(title=base)
    # A 501st character is cut off: the text is still the title itself.
    assert find(text=base + "y")[0].similarity == pytest.approx(1.0)


class TestAnotherPlaceField:
    """Measured from an annotation, as feedback measures from its public point: here the
    item's place moved 2 km east (so that measuring from the geometry finds other items)."""

    def find(self, **kwargs):
        queryset = Case.objects.annotate(spot=Translate("geometry", 2000, 0))
        return similar_items(queryset, field="title_fi", place_field="spot", include_unplaced=False, **kwargs)

    def test_the_radius_includes_its_end_and_not_a_metre_more(self):
        at_edge = factories.case(title=SAME, geometry=factories.at(1000 - 2000, 0))
        factories.case(title=SAME, geometry=factories.at(1001 - 2000, 0))
        factories.case(title=SAME, geometry=factories.at(1000, 0))  # its geometry is near; its place is not
        found = self.find(text=TEXT, point=factories.at(0, 0).transform(4326, clone=True), radius_m=1000)
        assert [c.pk for c in found] == [at_edge.pk]
        assert found[0].distance.m == pytest.approx(1000, abs=0.01)

    def test_nearer_first_then_lower_id_and_the_limit(self):
        far = factories.case(title=SAME, geometry=factories.at(500 - 2000, 0))
        later = factories.case(title=SAME, geometry=factories.at(100 - 2000, 0), pk=far.pk + 1000)
        earlier = factories.case(title=SAME, geometry=factories.at(100 - 2000, 0), pk=far.pk + 999)
        assert [c.pk for c in self.find(text=TEXT, point=factories.at(0, 0))] == [earlier.pk, later.pk, far.pk]
        assert [c.pk for c in self.find(text=TEXT, point=factories.at(0, 0), limit=1)] == [earlier.pk]


@pytest.mark.parametrize(
    ("text", "title", "best"),
    [
        ("Kivinokka", "Uimarannan perustaminen Kivinokkaan", "word"),  # a word inside a longer title
        ("Penkit Vuosaaren rannalle", "Lisää penkkejä Vuosaaren rantaan", "finnish"),  # inflected Finnish
        ("bänkarna", "bänk", "swedish"),  # inflected Swedish
    ],
)
def test_the_score_is_the_best_of_its_measures_and_each_can_be_it(text, title, best):
    # The whole-text trigram similarity never wins: pg_trgm's word similarity of the text
    # in the title is at least as high (docs/mutation.md).
    factories.case(title=title)
    row = Case.objects.annotate(
        score=text_similarity("title_fi", text),
        trigram=TrigramSimilarity("title_fi", text),
        word=TrigramWordSimilarity(text, "title_fi"),
        finnish=StemDice("title_fi", text, "finnish"),
        swedish=StemDice("title_fi", text, "swedish"),
    ).get()
    measures = {name: getattr(row, name) for name in ("trigram", "word", "finnish", "swedish")}
    first, second = sorted(measures.values(), reverse=True)[:2]
    assert max(measures, key=measures.get) == best and first > second + 0.01
    assert row.score == pytest.approx(first, abs=1e-6)


def test_an_unplaced_item_counts_as_at_no_distance():
    placed = factories.case(title=SAME, geometry=factories.at(0.5, 0))
    unplaced = factories.case(title=SAME)
    assert [c.pk for c in find(text=TEXT, point=factories.at(0, 0))] == [unplaced.pk, placed.pk]
