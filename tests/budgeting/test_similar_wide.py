"""Proposals' duplicate check across the city (areas.selective_terms): an all-Helsinki title of
common words only gets a 400 asking for a place from the API, and the form stores the proposal
with nothing similar to show; at COMMON_ROWS proposals sharing every term it is still compared."""

import pytest

from areas.match_terms import match_terms
from areas.selective_terms import COMMON_ROWS, MSG_PLACE_NEEDED, WIDE_RADIUS_M
from budgeting.models import Proposal

from .conftest import set_phase

TITLE = "Outdoor gym"
URL = "/en/budjetointi/2025/ehdota/"
API = "/api/v1/budgeting/proposals/similar/"

pytestmark = pytest.mark.django_db


def make(round, author, count: int) -> None:
    """`count` all-Helsinki proposals titled TITLE with its stored terms (bulk: no signal computes them)."""
    proposal = Proposal(
        round=round, author=author, title=TITLE, description="x", all_helsinki=True,
        status=Proposal.Status.SUBMITTED, match_terms=match_terms(TITLE),
    )  # fmt: skip
    Proposal.objects.bulk_create([proposal] * count)


def test_the_api_compares_at_common_rows_and_asks_for_a_place_past_them(api_client, budget_round, make_user):
    make(budget_round, make_user(), COMMON_ROWS)
    at = api_client.get(API, {"round": budget_round.pk, "title": TITLE})
    assert at.status_code == 200 and len(at.json()["features"]) == 10
    make(budget_round, make_user(), 1)
    past = api_client.get(API, {"round": budget_round.pk, "title": TITLE})
    assert (past.status_code, past.json()) == (400, {"detail": str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)})


def test_the_form_stores_an_all_helsinki_proposal_of_common_words(client, budget_round, make_user):
    set_phase(budget_round, "proposals")
    client.force_login(make_user("resident"))
    make(budget_round, make_user(), COMMON_ROWS + 1)
    data = {"title": TITLE, "description": "Bars and rings.", "action": "submit", "all_helsinki": "on"}
    response = client.post(URL, data)
    assert response.status_code == 302 and "data-similar" not in response.content.decode()
    assert Proposal.objects.count() == COMMON_ROWS + 2
