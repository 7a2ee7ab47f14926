"""The check across the city looks candidates up by the selective terms only (areas.selective_terms):
the rule at its limits (its counts and the check itself: tests/feedback/test_similar_wide.py)."""

from django.contrib.gis.geos import Point

from areas.selective_terms import CANDIDATES_MAX, COMMON_ROWS, WIDE_RADIUS_M, is_wide, rarest_first, selective_terms

PLACE = Point(385_500, 6_672_500, srid=3067)


def test_a_term_in_common_rows_items_is_selective_and_in_one_more_is_common():
    rows = {"at": COMMON_ROWS, "inside": COMMON_ROWS - 1, "outside": COMMON_ROWS + 1}
    assert selective_terms(rows, candidates_max=10 * COMMON_ROWS) == ["at", "inside"]


def test_no_selective_term_gives_none():
    assert selective_terms({"puisto": COMMON_ROWS + 1, "katu": 5 * COMMON_ROWS}) == []


def test_the_rarest_terms_first_while_their_items_stay_within_the_budget():
    # 1 + 2 + 3 = 6 items: a budget of 6 takes the three, 5 the first two; ties by the term.
    rows = {"c": 3, "a": 1, "b": 2, "d": 4}
    assert selective_terms(rows, common_rows=10, candidates_max=6) == ["a", "b", "c"]
    assert selective_terms(rows, common_rows=10, candidates_max=5) == ["a", "b"]
    assert selective_terms(rows, common_rows=10, candidates_max=7) == ["a", "b", "c"]
    assert selective_terms({"y": 2, "x": 2}, common_rows=10, candidates_max=2) == ["x"]


def test_the_rarest_term_is_taken_even_past_the_budget():
    # It alone has at most COMMON_ROWS items: the bound is max(COMMON_ROWS, CANDIDATES_MAX).
    assert selective_terms({"a": 9, "b": 9}, common_rows=10, candidates_max=5) == ["a"]
    assert COMMON_ROWS <= CANDIDATES_MAX


def test_wide_without_a_place_or_past_the_radius_limit():
    assert is_wide(None, 10)
    assert not is_wide(PLACE, WIDE_RADIUS_M - 1)
    assert not is_wide(PLACE, WIDE_RADIUS_M)
    assert is_wide(PLACE, WIDE_RADIUS_M + 1)


def test_the_rarest_by_their_share_of_the_rows_a_term_not_in_the_statistics_first():
    shares = {"puisto": 0.16, "katu": 0.05, "valo": 0.05}
    terms = ["puisto", "valo", "katu", "kumpulantie"]
    assert rarest_first(terms, shares, limit=4) == ["kumpulantie", "katu", "valo", "puisto"]
    assert rarest_first(terms, shares, limit=3) == ["kumpulantie", "katu", "valo"]
    assert rarest_first(terms, shares, limit=5) == ["kumpulantie", "katu", "valo", "puisto"]
