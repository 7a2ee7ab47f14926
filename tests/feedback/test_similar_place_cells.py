"""feedback_similar reads its terms by place (areas.place_terms): the radius, measured from the
public point, keeps its limits across the cells, wherever the 1 km cells fall, and a wide
radius still finds what lies far off. The query uses the index, not a copy of its rule."""

import math

import pytest
from django.contrib.gis.geos import Point
from django.db import connection, transaction

from areas.place_terms import PLACE_CELL_M, PlaceTerms, has_place_terms_index, place_keys
from feedback.models import FeedbackFollow, FeedbackRequest
from feedback.selectors import feedback_similar
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

TEXT = "Penkit Vuosaaren rannalle"
SAME = "Lisää penkkejä Vuosaaren rantaan"  # the same terms as TEXT
GRID = FeedbackRequest.published_grid_m
# A node of the public grid (cell centres lie half a cell off the origin) next to a 1 km
# cell's corner, so that the radius reaches into the neighbouring cells on every side.
Q = (385 * PLACE_CELL_M + GRID / 2, 6672 * PLACE_CELL_M + GRID / 2)


def at(dx: float, dy: float = 0.0) -> Point:
    return Point(Q[0] + dx, Q[1] + dy, srid=3067)


@pytest.fixture
def make(services):
    def _make(geometry: Point) -> FeedbackRequest:
        return FeedbackRequest.objects.create(service=services["171"], description=SAME, geometry=geometry)

    return _make


def found(radius_m: float = 1000) -> set[int]:
    return {f.pk for f in feedback_similar(text=TEXT, point=at(0), radius_m=radius_m)}


def test_feedback_declares_the_place_index_and_initiatives_do_not():
    assert has_place_terms_index(FeedbackRequest)
    assert not has_place_terms_index(Initiative)


def test_the_radius_from_the_public_point_at_inside_and_outside_in_every_neighbouring_cell(make):
    # Public points on grid nodes: exactly 1 000 m away to the west (the cell before) and the
    # east (the cell after), 901 m to the south-west (the diagonal cell), 1 250 m east (outside).
    west, east = make(at(-1000)), make(at(1000))
    south_west = make(at(-3 * GRID, -2 * GRID))
    north = make(at(0, 3 * GRID))
    outside = make(at(5 * GRID))
    assert math.hypot(3 * GRID, 2 * GRID) < 1000 < 5 * GRID
    assert found() == {west.pk, east.pk, south_west.pk, north.pk}
    assert outside.pk not in found()
    # An exact point 124 m beyond the radius is published at its node on the radius: found.
    beyond = make(at(1000 + GRID / 2 - 1))
    assert beyond.pk in found()


def test_a_wide_radius_finds_what_lies_far_off(make):
    far = make(at(4000))
    assert place_keys(at(0), 5000 + GRID, ["penkki"]) is None  # the terms' own index answers
    assert far.pk in found(radius_m=5000)
    assert far.pk not in found(radius_m=1000)


def test_the_query_matches_the_index_expression(make):
    make(at(0))
    queryset = FeedbackRequest.objects.alias(place_terms=PlaceTerms()).filter(place_terms__overlap=["385,6672:penkki"])
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # Only the expression's own index can then answer the condition (a small table is read whole).
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "feedback_place_terms" in plan
    assert queryset.count() == 1


def test_the_follow_counts_come_with_the_found_in_three_queries(make, make_user, django_assert_num_queries):
    followed, alone = make(at(0)), make(at(GRID))
    for name in ("a", "b"):
        FeedbackFollow.objects.create(request=followed, user=make_user(username=name))
    feedback_similar(text=TEXT, point=at(0))  # the process's caches (content types, the SRID's metadata)
    # The terms (one round trip), the similar requests with their follow counts, their areas.
    with django_assert_num_queries(3):
        found = {f.pk: f for f in feedback_similar(text=TEXT, point=at(0))}
    assert (found[followed.pk].follow_count, found[alone.pk].follow_count) == (2, 0)
    assert found[followed.pk].similar_action == "follow"


def test_the_labelled_pairs_score_the_same_through_the_place_keyed_index(services):
    """All 70 labelled pairs (bench/duplicate_pairs.py) stored as feedback, whose check reads the
    place-keyed index, and as initiatives, whose check reads the terms alone: the same scores,
    so the same precision and recall on both halves."""
    from areas.similar import SIMILARITY_MIN, similar_items
    from bench import duplicate_quality as quality
    from bench.duplicate_pairs import HELD_BACK, PAIRS

    quality.places_ensure()
    origin = Point(*quality.ORIGIN, srid=3067)
    stored = [FeedbackRequest.objects.create(service=services["171"], description=p.existing, geometry=origin) for p in PAIRS]
    by_place = []
    for pair, item in zip(PAIRS, stored, strict=True):
        queryset = FeedbackRequest.objects.filter(pk=item.pk)
        point = quality.written_at(pair)
        assert place_keys(point, 1000, ["x"]) is not None  # the place-keyed path answers
        hits = similar_items(queryset, text=pair.written, field="description", point=point, min_similarity=0.0)
        by_place.append(hits[0].similarity if hits else 0.0)
    by_terms = quality.scores_after(PAIRS, quality.stored(PAIRS))
    assert by_place == pytest.approx(by_terms)
    held = [p.held_back for p in PAIRS]
    figures = quality.figures(HELD_BACK, [s >= SIMILARITY_MIN for s, h in zip(by_place, held, strict=True) if h])
    assert (round(figures.precision, 2), round(figures.recall, 2)) == (0.94, 0.81)
