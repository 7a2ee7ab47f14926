"""The duplicate check across the city (no place, or a radius past WIDE_RADIUS_M) looks candidates
up by the text's selective terms (areas.selective_terms): a text of common words only is refused
with a 400 in the person's language, at the limits of both rules; the capped counts it reads."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import translation

from areas.match_terms import match_terms
from areas.selective_terms import (
    COMMON_ROWS, MAX_COUNTED, MSG_PLACE_NEEDED, WIDE_RADIUS_M, PlaceNeeded, likeliest_rarest, term_rows,
)  # fmt: skip
from feedback.models import FeedbackRequest
from feedback.selectors import feedback_similar

pytestmark = pytest.mark.django_db

TEXT = "Katuvalo rikki puistossa"
PLACE = Point(385_625, 6_672_625, srid=3067)  # a node of the public grid in the city
URL = "/api/v1/feedback/similar/"


def make(service, terms: list[str], count: int = 1, *, public: bool = True, text: str = TEXT) -> None:
    """`count` requests at PLACE with these stored terms (bulk: no signal computes them)."""
    FeedbackRequest.objects.bulk_create(
        [FeedbackRequest(service=service, description=text, geometry=PLACE, is_public=public, match_terms=terms)] * count
    )


def test_term_rows_counts_within_the_queryset_up_to_the_cap(services):
    make(services["171"], ["puisto", "valo"], 3)
    make(services["171"], ["valo"])
    make(services["171"], ["harvinainen"], public=False)  # outside the queryset: not counted
    public = FeedbackRequest.objects.filter(is_public=True)
    terms = ["puisto", "valo", "harvinainen", "puuttuva"]
    assert term_rows(public, terms, terms_field="match_terms", cap=3) == {"puisto": 3, "valo": 4, "harvinainen": 0, "puuttuva": 0}
    # Counted up to the cap + 1: a term past the cap is only known to be past it.
    assert term_rows(public, terms, terms_field="match_terms", cap=2) == {"puisto": 3, "valo": 3, "harvinainen": 0, "puuttuva": 0}
    assert term_rows(FeedbackRequest.objects.all(), ["harvinainen"], terms_field="match_terms") == {"harvinainen": 1}


def test_the_terms_counted_are_the_rarest_by_analyzes_statistics(services):
    make(services["171"], ["arki"], 200)
    make(services["171"], ["arki", "zumba"])
    public = FeedbackRequest.objects.filter(is_public=True)
    others = [f"muu{n}" for n in range(MAX_COUNTED - 2)]
    # At most MAX_COUNTED terms: all counted, whatever the statistics.
    assert likeliest_rarest(public, ["arki", "zumba", *others], terms_field="match_terms") == ["arki", "zumba", *others]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_feedbackrequest")
    # One more: the most common by the statistics is left out ("arki" is in every row, "zumba" in one,
    # the others in none: rarer than any the statistics know), though it comes first by name.
    terms = ["arki", "zumba", *others, "muuX"]
    assert sorted(likeliest_rarest(public, terms, terms_field="match_terms")) == sorted(["zumba", *others, "muuX"])


def test_every_term_in_common_rows_items_is_still_compared_and_one_more_asks_for_a_place(services):
    make(services["171"], match_terms(TEXT), COMMON_ROWS)
    found = feedback_similar(text=TEXT, point=None)
    assert len(found) == 10 and all(f.similarity == 1.0 for f in found)
    make(services["171"], match_terms(TEXT))
    with pytest.raises(PlaceNeeded) as refused:
        feedback_similar(text=TEXT, point=None)
    assert str(refused.value) == str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)
    # A private request counts as nothing: the public ones are COMMON_ROWS again.
    FeedbackRequest.objects.filter(pk=FeedbackRequest.objects.order_by("pk").first().pk).update(is_public=False)
    assert len(feedback_similar(text=TEXT, point=None)) == 10


def test_a_rare_term_finds_its_items_among_common_ones(services):
    make(services["171"], match_terms(TEXT), COMMON_ROWS + 1)
    rare = f"{TEXT} Kumpulantie 77"
    make(services["171"], match_terms(rare), text=rare)
    found = feedback_similar(text=rare, point=None)
    assert [f.description for f in found] == [rare]  # only the items sharing a selective term are candidates
    assert found[0].similarity == 1.0


def test_the_api_asks_for_a_place_in_the_persons_language_at_the_radius_limit(api_client, services):
    make(services["171"], match_terms(TEXT), COMMON_ROWS + 1)
    lon_lat = PLACE.transform(4326, clone=True)
    at_place = {"description": TEXT, "lat": lon_lat.y, "lon": lon_lat.x}
    answers = {}
    for language in ("fi", "sv", "en"):
        refused = api_client.get(URL, {"description": TEXT}, HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            expected = str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)
        assert (refused.status_code, refused.json()) == (400, {"detail": expected})
        answers[language] = expected
    assert len(set(answers.values())) == 3  # translated, each in its language
    at_limit = api_client.get(URL, {**at_place, "radius": WIDE_RADIUS_M})
    assert at_limit.status_code == 200 and len(at_limit.json()) == 10
    inside = api_client.get(URL, {**at_place, "radius": WIDE_RADIUS_M - 1})
    assert inside.status_code == 200 and len(inside.json()) == 10
    outside = api_client.get(URL, {**at_place, "radius": WIDE_RADIUS_M + 1})
    assert outside.status_code == 400 and outside.json()["detail"] == str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)
