"""similar_items at its edges: the threshold given, the radius itself included and a metre
beyond excluded, unplaced items only when asked, the limit, the order (similarity decayed by
distance, then lower id), the text tidied before it is compared, and the stored terms kept
at every save. Initiatives stand for any model with match terms."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point

from areas.match_terms import match_terms
from areas.similar import DISTANCE_DECAY, similar_items
from feedback.models import Sector
from initiatives.models import Initiative, InitiativeCategory

pytestmark = pytest.mark.django_db

TEXT = "Penkit Vuosaaren rannalle"
SAME = "Lisää penkkejä Vuosaaren rantaan"  # the same terms as TEXT
CLOSE = "Penkkejä ja roskiksia Vuosaaren rantaan"  # one term more
ORIGIN = (385_000.0, 6_672_000.0)


def at(dx: float, dy: float = 0.0) -> Point:
    return Point(ORIGIN[0] + dx, ORIGIN[1] + dy, srid=3067)


@pytest.fixture
def make(db):
    author = get_user_model().objects.create_user(username="author", password="x")
    sector = Sector.objects.create(code="kymp", name="Urban environment")
    category = InitiativeCategory.objects.create(code="env", name="Environment", sector=sector)

    def _make(title: str = SAME, geometry: Point | None = None, **values) -> Initiative:
        return Initiative.objects.create(author=author, title=title, text=".", category=category, geometry=geometry, **values)

    return _make


def find(**kwargs):
    return similar_items(Initiative.objects.all(), **kwargs)


def test_the_radius_includes_its_end_and_not_a_metre_more(make):
    at_edge = make(geometry=at(1000))
    make(geometry=at(1001))
    found = find(text=TEXT, point=at(0), radius_m=1000, include_unplaced=False)
    assert [i.pk for i in found] == [at_edge.pk]
    assert found[0].distance.m == pytest.approx(1000)


def test_unplaced_items_only_when_asked(make):
    unplaced = make()
    placed = make(geometry=at(10))
    # An unplaced item counts as at distance 0: it ranks first among equal scores.
    assert [i.pk for i in find(text=TEXT, point=at(0))] == [unplaced.pk, placed.pk]
    assert [i.pk for i in find(text=TEXT, point=at(0), include_unplaced=False)] == [placed.pk]


def test_a_closer_one_ranks_higher_by_the_decay_of_the_distance(make):
    far = make(geometry=at(500))
    near = make(geometry=at(100))
    twin = make(geometry=at(100))
    found = find(text=TEXT, point=at(0), radius_m=1000)
    assert [i.pk for i in found] == [near.pk, twin.pk, far.pk]
    similarity = found[0].similarity
    assert found[0].rank == pytest.approx(similarity * (1 - DISTANCE_DECAY * 100 / 1000), abs=1e-6)
    assert found[2].rank == pytest.approx(similarity * (1 - DISTANCE_DECAY * 500 / 1000), abs=1e-6)
    # Without a point: similarity, then id.
    assert [i.pk for i in find(text=TEXT)] == sorted([far.pk, near.pk, twin.pk])


def test_the_rank_weighs_similarity_against_distance(make):
    exact = make(title=TEXT, geometry=at(900))
    close = make(title=CLOSE, geometry=at(10))
    found = {i.pk: i for i in find(text=TEXT, point=at(0))}
    assert found[exact.pk].similarity == pytest.approx(1.0) and found[close.pk].similarity < 1.0
    expected = {
        pk: item.similarity * (1 - DISTANCE_DECAY * item.distance.m / 1000) for pk, item in found.items()
    }
    assert [i.pk for i in find(text=TEXT, point=at(0))] == sorted(expected, key=lambda pk: -expected[pk])


def test_the_threshold_given_is_inclusive(make):
    exact = make(title=TEXT)
    close = make(title=CLOSE)
    make(title="Uimaranta Kivinokkaan")
    score = next(i.similarity for i in find(text=TEXT) if i.pk == close.pk)
    assert score < 1.0
    # A PostgreSQL double: compare a millionth either side.
    assert [i.pk for i in find(text=TEXT, min_similarity=score - 1e-6)] == [exact.pk, close.pk]
    assert [i.pk for i in find(text=TEXT, min_similarity=score + 1e-6)] == [exact.pk]


def test_the_limit(make):
    items = [make(geometry=at(10 * n)) for n in range(1, 4)]
    assert [i.pk for i in find(text=TEXT, point=at(0), limit=2)] == [i.pk for i in items[:2]]
    assert len(find(text=TEXT, limit=2)) == 2


def test_the_text_is_tidied_and_cut_at_500_characters(make):
    exact = make(title=TEXT)
    assert [i.pk for i in find(text=f"  {TEXT.replace(' ', '   ')}\n")] == [exact.pk]
    assert find(text=TEXT + " " + "x" * 600)[0].similarity == find(text=TEXT + " " + "x" * 700)[0].similarity


def test_a_text_without_terms_finds_nothing(make):
    make(title=TEXT)
    assert find(text="ja ja") == [] and find(text="   ") == []


def test_the_stored_terms_follow_every_save(make):
    item = make(title=TEXT)
    assert item.match_terms == match_terms(TEXT)
    Initiative.objects.get(pk=item.pk)  # stored, not only set on the instance
    item.title = "Koirapuisto Herttoniemeen"
    item.save()
    assert Initiative.objects.get(pk=item.pk).match_terms == match_terms("Koirapuisto Herttoniemeen")
    assert find(text=TEXT) == []


def test_measured_from_another_place_the_slack_narrows_by_the_items_own_geometry(make):
    """As feedback measures from its public point: here the place lies 200 m west of the
    geometry. The geometry must lie within radius + slack for the place to be measured."""
    from django.contrib.gis.db.models.functions import Translate

    item = make(geometry=at(1150))  # its place at 950 m: inside the radius
    queryset = Initiative.objects.annotate(spot=Translate("geometry", -200, 0))

    def found(slack: float) -> list[int]:
        hits = similar_items(
            queryset, text=TEXT, point=at(0), radius_m=1000, place_field="spot", place_slack_m=slack, include_unplaced=False
        )
        return [i.pk for i in hits]

    assert found(150) == [item.pk]  # 1150 m = radius + slack: included
    assert found(149) == []  # a metre short of the geometry
    nearer = make(geometry=at(990))  # its place at 790 m
    assert found(150) == [nearer.pk, item.pk]
