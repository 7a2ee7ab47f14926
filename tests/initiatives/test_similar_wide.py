"""Initiatives' duplicate check without a place (areas.selective_terms): the page's "check for
similar" offers them while at most COMMON_ROWS share the title's terms, and past that shows
nothing similar (no error: the resident may still file); the API asks for a place."""

from __future__ import annotations

import pytest
from django.utils import timezone

from areas.match_terms import match_terms
from areas.selective_terms import COMMON_ROWS, MSG_PLACE_NEEDED, WIDE_RADIUS_M
from initiatives.models import Initiative

from .test_initiatives import category, make_user  # noqa: F401  (fixtures)
from .test_pages import NEW, NO, TITLE, WRITE, written

pytestmark = pytest.mark.django_db


def make(author, category, count: int) -> None:  # noqa: F811
    """`count` submitted initiatives titled TITLE with its stored terms (bulk: no signal computes them)."""
    item = Initiative(
        author=author, title=TITLE, text="x", category=category, state=Initiative.State.SUBMITTED,
        submitted_at=timezone.now(), match_terms=match_terms(TITLE),
    )  # fmt: skip
    Initiative.objects.bulk_create([item] * count)


def test_the_check_offers_them_at_common_rows_and_nothing_past_them(client, category, make_user):  # noqa: F811
    client.force_login(make_user())
    client.post(NEW, NO)
    make(make_user(), category, COMMON_ROWS)
    at = client.post(WRITE, written(category, action="check"))
    assert at.status_code == 200 and at.content.decode().count('href="/aloite/') == 10
    make(make_user(), category, 1)
    past = client.post(WRITE, written(category, action="check"))
    html = past.content.decode()
    assert past.status_code == 200 and 'href="/aloite/' not in html and "hds-text-input__error-text" not in html
    assert f'value="{TITLE}"' in html  # nothing typed lost


def test_the_api_asks_for_a_place_past_common_rows(api_client, category, make_user):  # noqa: F811
    make(make_user(), category, COMMON_ROWS + 1)
    refused = api_client.get("/api/v1/initiatives/similar/", {"title": TITLE})
    assert (refused.status_code, refused.json()) == (400, {"detail": str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)})
