"""The resident's own page: only their own things, and whether they voted, never how."""

from __future__ import annotations

import pytest
from django.test import Client

from budgeting import services as budget_services
from feedback import services as feedback_services
from initiatives import services as initiative_services

from .test_header_link import world  # noqa: F401  (the roles world, built once for the module)

pytestmark = pytest.mark.django_db


def page_of(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/en/oma-sivu/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_author_sees_their_proposals_initiatives_feedback_and_areas(world):
    html = page_of(world.author)
    assert "Sentinel proposal: benches" in section(html, "me-proposals")
    initiatives = section(html, "me-initiatives")
    assert "More trees on the street" in initiatives and "A draft about benches" in initiatives
    assert f"#{world.feedback.pk} Pothole" in section(html, "me-feedback")
    assert world.resident_area.name in section(html, "me-areas")


def test_another_resident_sees_none_of_it_until_they_support_and_follow(world):
    resident = world.users["resident"]
    html = page_of(resident)
    for heading in ("me-proposals", "me-supported", "me-feedback", "me-initiatives", "me-areas"):
        assert "None yet." in section(html, heading), heading
    budget_services.proposal_support(proposal=world.proposal, user=resident)
    initiative_services.initiative_follow(initiative=world.initiative, user=resident)
    feedback_services.feedback_follow(request=world.feedback, user=resident)
    html = page_of(resident)
    assert "Sentinel proposal: benches" in section(html, "me-supported")
    assert "None yet." in section(html, "me-proposals")
    assert "More trees on the street" in section(html, "me-initiatives")
    assert "A draft about benches" not in html  # another's draft stays the author's
    assert f"#{world.feedback.pk} Pothole" in section(html, "me-feedback")


def test_the_ballot_status_says_voted_or_not_and_never_the_choices(world):
    voter_page = section(page_of(world.voter.user), "me-voting")
    assert f"{world.voting_round.name}: you have voted" in voter_page
    assert f"{world.results_round.name}: you have voted" in voter_page
    assert world.proposal_round.name not in voter_page  # voting has not begun
    assert "Ballot park" not in page_of(world.voter.user)
    resident_page = section(page_of(world.users["resident"]), "me-voting")
    assert f"{world.voting_round.name}: you have not voted" in resident_page


def test_without_strong_identification_the_page_says_how_to_vote(world):
    html = page_of(world.author)
    assert "To vote, sign in again with strong identification" in section(html, "me-voting")


def test_role_links(world):
    # The luotsi's workspace in the page's language, like every other link of the page.
    assert 'href="/en/luotsit/me/"' in page_of(world.users["luotsi"])
    assert 'href="/api/docs/"' in page_of(world.users["planner"])
    admin = page_of(world.users["admin"])
    assert 'href="/admin/"' in admin and 'href="/api/docs/"' in admin
    resident = page_of(world.users["resident"])
    assert 'luotsit/me/' not in resident and 'href="/admin/"' not in resident
