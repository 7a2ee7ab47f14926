"""Concurrent double writes through the real HTTP path: one voter's ballots, one
person's supports. The live server answers each request in its own thread with
its own database connection, as gunicorn's workers would."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from budgeting import services as budgeting_services
from budgeting.models import Ballot, BallotChoice, ProposalSupport, Voter
from feedback.models import Sector
from initiatives import services as initiative_services
from initiatives.models import InitiativeCategory, InitiativeSupport
from tests.budgeting.conftest import CENTRAL_STATION, make_round, point, set_phase, suurpiiri

from .conftest import all_at_once, signed_in

THREADS = 10

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def voting_round():
    """A round in its voting phase today, on the demo suurpiirit, with its sums."""
    call_command("load_demo_data", verbosity=0)
    round = set_phase(make_round(), "voting")
    budgeting_services.allocation_compute(round=round)
    return round


def server_errors(responses) -> list[str]:
    return [
        repr(r) if isinstance(r, Exception) else f"{r.status_code}: {r.text[:200]}"
        for r in responses
        if isinstance(r, Exception) or r.status_code >= 500
    ]


def test_one_voters_simultaneous_ballots_leave_exactly_one(live_server, voting_round, make_user):
    """Ten PUTs of one voter's ballot at the same moment, each with another project:
    no 500, one ballot row, and it holds one of the projects whole (never a mix)."""
    user = make_user()
    Voter.objects.create(
        user=user, birth_date=date(1990, 6, 1), is_resident=True, home_point=point(CENTRAL_STATION).transform(3067, clone=True)
    )
    projects = []
    for i in range(THREADS):
        project = budgeting_services.project_create(
            round=voting_round, title=f"Penkki {i}", description="A bench.", cost=10_000, area=suurpiiri("1"),
            all_helsinki=False,
        )  # fmt: skip
        projects.append(budgeting_services.project_enter_vote(project=project, today=voting_round.planning_closes))
    area = suurpiiri("1")
    sessions = [signed_in(user) for _ in range(THREADS)]
    url = f"{live_server.url}/api/v1/budgeting/rounds/{voting_round.pk}/my-ballot/"

    responses = all_at_once(
        THREADS,
        lambda i: sessions[i].put(url, json={"projects": [projects[i].pk], "area": area.pk}, timeout=60),
    )

    assert server_errors(responses) == []
    # The last one counts: every cast is accepted, none makes a second row.
    assert [r.status_code for r in responses] == [200] * THREADS, [r.text[:200] for r in responses]
    assert Ballot.objects.filter(round=voting_round, voter__user=user).count() == 1
    chosen = list(BallotChoice.objects.filter(ballot__voter__user=user).values_list("project_id", flat=True))
    assert len(chosen) == 1 and chosen[0] in {p.pk for p in projects}
    # What the voter reads back is what is stored.
    mine = sessions[0].get(url, timeout=30).json()
    assert mine["projects"] == chosen and mine["has_voted"] is True


def test_one_persons_simultaneous_initiative_supports_make_one(live_server, make_user):
    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    category = InitiativeCategory.objects.create(code="environment", name_en="Environment", name_fi="Ympäristö", sector=sector)
    initiative = initiative_services.initiative_create(
        author=make_user(), title="Penkit rantaan", text="Rannalle tarvitaan lisää penkkejä istuttavaksi.",
        category=category,
    )  # fmt: skip
    supporter = make_user()
    sessions = [signed_in(supporter) for _ in range(THREADS)]
    url = f"{live_server.url}/api/v1/initiatives/{initiative.pk}/support/"

    responses = all_at_once(THREADS, lambda i: sessions[i].post(url, timeout=60))

    assert server_errors(responses) == []
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [400] * (THREADS - 1), [r.text[:200] for r in responses]
    refusals = {r.json()["detail"] for r in responses if r.status_code == 400}
    assert refusals == {str(initiative_services.MSG_ALREADY_SUPPORTED)}
    assert InitiativeSupport.objects.filter(initiative=initiative, user=supporter).count() == 1


def test_one_persons_simultaneous_proposal_supports_make_one(live_server, make_user):
    call_command("load_demo_data", verbosity=0)
    round = set_phase(make_round(), "proposals")
    proposal = budgeting_services.proposal_create(
        round=round, author=make_user(), title="Uimalaituri", description="A jetty for swimming.",
        location=point(CENTRAL_STATION),
    )  # fmt: skip
    supporter = make_user()
    sessions = [signed_in(supporter) for _ in range(THREADS)]
    url = f"{live_server.url}/api/v1/budgeting/proposals/{proposal.pk}/support/"

    responses = all_at_once(THREADS, lambda i: sessions[i].post(url, timeout=60))

    assert server_errors(responses) == []
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [400] * (THREADS - 1), [r.text[:200] for r in responses]
    refusals = {r.json()["detail"] for r in responses if r.status_code == 400}
    assert refusals == {str(budgeting_services.MSG_ALREADY_SUPPORTED)}
    assert ProposalSupport.objects.filter(proposal=proposal, user=supporter).count() == 1
