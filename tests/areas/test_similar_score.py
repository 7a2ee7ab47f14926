"""The duplicate check's score (areas.similar.text_similarity), one rule at a time, on stored
terms set by hand: Dice overlap with a place term counted twice, pg_trgm's similarity of the
whole texts when it is higher, both halved when both texts name places and share none. And the
check's queries run as planned for few rows: no JIT compilation, no parallel workers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db.models.expressions import RawSQL

from areas.similar import OTHER_PLACE, similar_items, text_similarity
from feedback.models import Sector
from initiatives.models import Initiative, InitiativeCategory

pytestmark = pytest.mark.django_db

TEXT = "Penkit Kallion rannalle"
TERMS = ["@kallio", "penkki", "ranta"]  # one place term: it counts twice, so the query's size is 4
UNLIKE = "qqqq"  # no trigram in common with TEXT: only the terms score


@pytest.fixture
def make(db):
    author = get_user_model().objects.create_user(username="author", password="x")
    sector = Sector.objects.create(code="kymp", name="Urban environment")
    category = InitiativeCategory.objects.create(code="env", name="Environment", sector=sector)

    def _make(terms: list[str], title: str = UNLIKE, geometry: Point | None = None) -> Initiative:
        item = Initiative.objects.create(author=author, title=title, text=".", category=category, geometry=geometry)
        Initiative.objects.filter(pk=item.pk).update(match_terms=terms)  # no signal: the terms as given
        return item

    return _make


def score(item: Initiative, text: str = TEXT, terms: list[str] = TERMS) -> float:
    return Initiative.objects.annotate(s=text_similarity("title", text, terms=terms)).get(pk=item.pk).s


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (TERMS, 1.0),
        # 2 x (2 shared + 1 shared place) / (2 stored + 1 stored place + 4)
        (["@kallio", "penkki"], 6 / 7),
        # no place stored, so nothing is halved: 2 x 2 / (3 + 0 + 4)
        (["penkki", "ranta", "valo"], 4 / 7),
        # another place and none shared: 2 x 2 / (3 + 1 + 4), halved
        (["@vuosaari", "penkki", "ranta"], 4 / 8 * OTHER_PLACE),
        # the query's place shared beside another: not halved, 2 x (1 + 1) / (2 + 2 + 4)
        (["@kallio", "@vuosaari"], 4 / 8),
        ([], 0.0),
    ],
)
def test_the_terms_score_by_dice_with_places_counted_twice(make, stored, expected):
    assert score(make(stored)) == pytest.approx(expected, abs=1e-9)


def test_a_query_without_places_never_halves(make):
    item = make(["@vuosaari", "penkki", "ranta"])
    # 2 x 2 / (3 + 1 + 2): the stored place counts in the size only
    assert score(item, terms=["penkki", "ranta"]) == pytest.approx(4 / 6, abs=1e-9)


def test_the_whole_texts_score_when_they_resemble_more_than_the_terms(make):
    assert score(make([], title=TEXT)) == pytest.approx(1.0)
    # The same text at another place: halved as the terms would be.
    assert score(make(["@vuosaari"], title=TEXT)) == pytest.approx(OTHER_PLACE)
    # Sharing the place keeps it whole.
    assert score(make(["@kallio", "@vuosaari"], title=TEXT)) == pytest.approx(1.0)


def test_even_at_threshold_zero_nothing_beyond_the_radius_is_offered(make):
    """Only items within the radius are scored; the others are not offered at any threshold."""
    origin = (385_000.0, 6_672_000.0)
    inside = make(TERMS, geometry=Point(origin[0] + 1000, origin[1], srid=3067))
    make(TERMS, geometry=Point(origin[0] + 1001, origin[1], srid=3067))
    found = similar_items(
        Initiative.objects.all(), text=TEXT, point=Point(*origin, srid=3067), radius_m=1000,
        include_unplaced=False, min_similarity=0.0,
    )  # fmt: skip
    assert [i.pk for i in found] == [inside.pk]


@pytest.mark.parametrize("point", [None, Point(385_000.0, 6_672_000.0, srid=3067)])
def test_the_check_runs_without_jit_or_parallel_workers(make, point):
    """A common term makes the plan look costly (PostGIS's function costs): PostgreSQL would spend
    more compiling it and starting workers than the few thousand rows it reads take."""
    make(TERMS, title=TEXT, geometry=point)
    settings = Initiative.objects.annotate(
        jit=RawSQL("current_setting('jit')", []),
        workers=RawSQL("current_setting('max_parallel_workers_per_gather')", []),
    )
    (found,) = similar_items(settings, text=TEXT, point=point)
    assert (found.jit, found.workers) == ("off", "0")
