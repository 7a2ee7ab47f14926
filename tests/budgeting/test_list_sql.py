"""/api/v1/budgeting/projects/ pages built by PostgreSQL publish what ProjectSerializer publishes
(proposals: test_proposal_list_sql)."""

import pytest
from django.utils import timezone

from budgeting import services
from budgeting.api.serializers import ProjectSerializer
from budgeting.models import Project
from tests.areas.sql_parity import assert_same_page
from tests.budgeting.conftest import CENTRAL_STATION, point, set_phase

URL = "/api/v1/budgeting/projects/"


@pytest.fixture
def projects(make_project, make_user, budget_round):
    author, today = make_user("ehdottaja"), timezone.localdate()
    set_phase(budget_round, "proposals")
    first, second = (
        services.proposal_create(
            author=author, round=budget_round, title=title, description="Kuvaus.", location=point(CENTRAL_STATION),
            today=today,
        )
        for title in ("Penkki", "Puu")
    )  # fmt: skip
    built = make_project(title="Penkkejä ja puita")
    built.proposals.set([first, second])
    make_project(title="Koko kaupunki", area_code=None, on_ballot=False)
    started = make_project(title="Rakenteilla", area_code="2")
    Project.objects.filter(pk=started.pk).update(implementation_status=Project.Implementation.IN_PROGRESS)
    return built


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_projects_in_every_language(api_client, monkeypatch, projects, language):
    page = assert_same_page(api_client, monkeypatch, URL, ProjectSerializer, HTTP_ACCEPT_LANGUAGE=language)
    assert len(page["features"]) == 3
    built = next(f for f in page["features"] if f["id"] == projects.pk)["properties"]
    assert len(built["proposals"]) == 2 and built["budget_area"]["division"] == "suurpiiri"


@pytest.mark.parametrize("query", [{"srid": "3067"}, {"map_points": "true"}, {"near": "60.1699,24.9384"}])
def test_projects_in_3067_on_the_map_and_near(api_client, monkeypatch, projects, query):
    assert_same_page(api_client, monkeypatch, URL, ProjectSerializer, query)

