"""Planners run a round from the admin: a project made of proposals, projects put on the ballot,
each through budgeting.services and its rules."""

from __future__ import annotations

from django.contrib.gis.geos import Point

from budgeting import services
from budgeting.models import Project

from .conftest import CENTRAL_STATION, set_phase, suurpiiri

PROPOSALS = "/admin/budgeting/proposal/"
PROJECTS = "/admin/budgeting/project/"


def _proposals(round, make_user):
    set_phase(round, "proposals")
    author = make_user()
    return [
        services.proposal_create(
            round=round, author=author, title=title, description=f"{title}, please.",
            location=Point(*CENTRAL_STATION, srid=4326),
        )  # fmt: skip
        for title in ("Benches by the station", "More benches")
    ]


def test_make_a_project_asks_for_its_title_and_cost_then_links_the_proposals(admin_client, budget_round, make_user):
    proposals = _proposals(budget_round, make_user)
    selected = {"action": "make_project", "_selected_action": [p.pk for p in proposals], "index": 0}
    page = admin_client.post(PROPOSALS, selected)
    assert page.status_code == 200 and 'name="cost"' in page.content.decode()
    assert "Benches by the station, please." in page.content.decode() and not Project.objects.exists()

    refused = admin_client.post(PROPOSALS, {**selected, "apply": "1", "title": "Benches", "description": "x", "cost": 0})
    assert refused.status_code == 200 and not Project.objects.exists()

    done = admin_client.post(PROPOSALS, {**selected, "apply": "1", "title": "Benches", "description": "x", "cost": 5000})
    assert done.status_code == 302
    project = Project.objects.get()
    assert (project.title, project.cost, project.round, project.area) == ("Benches", 5000, budget_round, suurpiiri("1"))
    assert set(project.proposals.all()) == set(proposals) and not project.on_ballot


def test_enter_vote_puts_a_fitting_project_on_the_ballot_and_refuses_one_over_the_sum(admin_client, budget_round, make_project):
    fits = make_project(area_code="1", cost=100_000, on_ballot=False, title="Fits")
    too_dear = make_project(area_code="1", cost=services.allocation_amount(round=budget_round, area=suurpiiri("1")) + 1,
                            on_ballot=False, title="Too dear")  # fmt: skip
    set_phase(budget_round, "proposals")
    response = admin_client.post(
        PROJECTS, {"action": "enter_vote", "_selected_action": [fits.pk, too_dear.pk], "index": 0}, follow=True
    )
    fits.refresh_from_db(), too_dear.refresh_from_db()
    assert fits.on_ballot and not too_dear.on_ballot
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Too dear:") for m in messages) and "Fits: on the ballot." in messages
