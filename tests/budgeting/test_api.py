"""The budgeting API end to end: my ballot, projects entering the vote, results, privacy."""

from datetime import date

import pytest

from budgeting import voting
from budgeting.models import Project

from .conftest import CENTRAL_STATION, ITAKESKUS, set_phase, suurpiiri

BIRTH_DATE = date(2001, 7, 23)


@pytest.fixture
def voting_round(budget_round):
    return set_phase(budget_round, "voting")


def ballot_url(round):
    return f"/api/v1/budgeting/rounds/{round.pk}/my-ballot/"


class TestMyBallot:
    def test_cast_change_and_read_my_ballot(self, api_client, voting_round, make_voter, make_project):
        voter = make_voter(home=ITAKESKUS)
        east, east2 = make_project(area_code="7", title="E1"), make_project(area_code="7", title="E2")
        api_client.force_authenticate(voter.user)
        before = api_client.get(ballot_url(voting_round)).json()
        assert before["has_voted"] is False and before["can_vote"] is True
        assert before["suggested_area"]["code"] == "7"
        # No area given: the home area is used.
        first = api_client.put(ballot_url(voting_round), {"projects": [east.pk]}, format="json")
        assert first.status_code == 200, first.json()
        assert first.json()["area"]["code"] == "7" and first.json()["projects"] == [east.pk]
        changed = api_client.put(ballot_url(voting_round), {"projects": [east2.pk]}, format="json").json()
        assert changed["projects"] == [east2.pk]

    def test_over_the_area_sum_is_a_400(self, api_client, voting_round, make_voter, make_project):
        voter = make_voter()
        a, b = make_project(cost=600_000, title="A"), make_project(cost=200_000, title="B")
        api_client.force_authenticate(voter.user)
        response = api_client.put(ballot_url(voting_round), {"projects": [a.pk, b.pk], "area": suurpiiri("1").pk}, format="json")
        assert response.status_code == 400 and "more than its" in response.json()["detail"]

    @pytest.mark.parametrize("body", [{}, {"projects": "1"}, {"projects": [-1]}, {"projects": [1], "area": 0}])
    def test_malformed_ballot_is_a_400(self, api_client, voting_round, make_voter, body):
        api_client.force_authenticate(make_voter().user)
        assert api_client.put(ballot_url(voting_round), body, format="json").status_code == 400

    def test_without_voter_profile(self, api_client, voting_round, make_user):
        api_client.force_authenticate(make_user())
        response = api_client.get(ballot_url(voting_round))
        assert response.status_code == 400 and response.json()["detail"] == str(voting.MSG_NO_VOTER)

    def test_anonymous_cannot_read_ballots(self, api_client, voting_round):
        assert api_client.get(ballot_url(voting_round)).status_code in (401, 403)


class TestProjects:
    def test_over_budget_project_cannot_enter_the_vote(self, api_client, budget_round, make_user, make_project):
        set_phase(budget_round, "proposals")  # before voting opens, when projects enter the vote
        api_client.force_authenticate(make_user(planner=True))
        body = {"round": budget_round.pk, "title": "Pool", "description": ".", "cost": 900_000, "area": suurpiiri("4").pk}
        created = api_client.post("/api/v1/budgeting/projects/", body, format="json")
        assert created.status_code == 201 and created.json()["properties"]["on_ballot"] is False
        response = api_client.post(f"/api/v1/budgeting/projects/{created.json()['id']}/enter-vote/")
        assert response.status_code == 400
        assert "more than the" in response.json()["detail"] and "cannot enter the vote" in response.json()["detail"]
        assert Project.objects.get().on_ballot is False

    def test_residents_cannot_create_projects(self, api_client, budget_round, make_user):
        api_client.force_authenticate(make_user())
        body = {"round": budget_round.pk, "title": "Pool", "description": ".", "cost": 1, "all_helsinki": True}
        assert api_client.post("/api/v1/budgeting/projects/", body, format="json").status_code == 403


def test_no_response_reveals_who_voted_for_what(api_client, budget_round, make_voter, make_project, make_user):
    """Ballots are cast; then every public endpoint and the other voter's view are searched
    for the voter's user name, id, birth date and home coordinates."""
    set_phase(budget_round, "voting")
    project = make_project(title="Swings")
    # A home point with digits no example or demo item uses, in Eteläinen like the station.
    voter = make_voter(birth_date=BIRTH_DATE, home=(24.94317, 60.17083), user=make_user("secret-voter-name"))
    api_client.force_authenticate(voter.user)
    assert api_client.put(ballot_url(budget_round), {"projects": [project.pk]}, format="json").status_code == 200
    own = api_client.get(ballot_url(budget_round)).content.decode()
    set_phase(budget_round, "results")

    other = make_voter()
    api_client.force_authenticate(other.user)
    assert api_client.get(ballot_url(budget_round)).json()["has_voted"] is False
    api_client.force_authenticate(None)
    base = f"/api/v1/budgeting/rounds/{budget_round.pk}/"
    responses = [
        api_client.get(url)
        for url in (
            "/api/v1/budgeting/rounds/",
            base,
            base + "allocation/",
            base + "results/",
            base + "results/csv/",
            base + "winners/",
            "/api/v1/budgeting/projects/",
            "/api/v1/budgeting/proposals/",
            "/api/schema/",
        )
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    bodies = [own] + [r.content.decode() for r in responses]
    for body in bodies:
        assert "secret-voter-name" not in body
        assert "2001-07-23" not in body and "birth" not in body.lower()
        assert "home_point" not in body
        assert "24.943" not in body and "60.170" not in body
    results = api_client.get(base + "results/").json()
    assert results["budgets"][1]["projects"][0]["votes"] == 1


def test_results_csv_and_winners_layer(api_client, budget_round, make_voter, make_project):
    project = make_project(title="Swings")
    voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[project.pk], today=date(2025, 10, 15))
    set_phase(budget_round, "results")
    base = f"/api/v1/budgeting/rounds/{budget_round.pk}/"
    csv_text = api_client.get(base + "results/csv/").content.decode()
    assert csv_text.splitlines()[0].startswith("budget,area_code,sum_eur,rank,project_id")
    assert f",{project.pk},Swings,100000,1,yes," in csv_text
    layer = api_client.get(base + "winners/").json()
    assert layer["type"] == "FeatureCollection"
    feature = layer["features"][0]
    assert feature["id"] == project.pk and feature["properties"]["implementation_status"] == "not_started"
    lon, lat = feature["geometry"]["coordinates"]  # a point inside Eteläinen: the project has none of its own
    assert 24.8 < lon < 25.1 and 60.1 < lat < 60.25
    projected = api_client.get(base + "winners/", {"srid": "3067"}).json()
    assert projected["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"


def test_budgeting_endpoints_are_in_the_openapi_schema(api_client, db):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/budgeting/rounds/{id}/allocation/",
        "/api/v1/budgeting/rounds/{id}/my-ballot/",
        "/api/v1/budgeting/rounds/{id}/results/",
        "/api/v1/budgeting/rounds/{id}/results/csv/",
        "/api/v1/budgeting/rounds/{id}/winners/",
        "/api/v1/budgeting/proposals/similar/",
        "/api/v1/budgeting/projects/{id}/enter-vote/",
    ):
        assert path in paths
