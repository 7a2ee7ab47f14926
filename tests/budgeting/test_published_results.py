"""Issue 18, items 4 and 5: the ballot freezes when voting opens, results are stored
on the results day and change only by an audited recount, and a project needs a vote."""

from datetime import datetime, timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from budgeting import publication, services, voting
from budgeting.models import Ballot, BallotChoice, Project, ResultRecount, RoundResult
from budgeting.results import Candidate, rank_and_fund

from .conftest import VOTING_DAY, set_phase, suurpiiri
from .test_admin import CHANGE, change_form

T0 = datetime(2025, 5, 1)
FROZEN = "its ballot is frozen. No project enters or leaves the vote, and the costs of the projects in it do not change."


def results_url(round):
    return f"/api/v1/budgeting/rounds/{round.pk}/results/"


def vote(round, voter, projects, area_code="1"):
    return voting.ballot_cast(
        voter=voter, round=round, area=suurpiiri(area_code), project_ids=[p.pk for p in projects], today=VOTING_DAY
    )


class TestFrozenBallot:
    def test_the_issue_a_project_added_after_the_results_cannot_enter_the_vote(
        self, api_client, budget_round, make_project, make_voter, make_user
    ):
        winner = make_project(title="Voittaja", cost=100_000)
        vote(budget_round, make_voter(), [winner])
        set_phase(budget_round, "results")
        published = api_client.get(results_url(budget_round)).json()
        winners = api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/winners/").json()

        api_client.force_authenticate(make_user(planner=True))
        body = {"round": budget_round.pk, "title": "Late", "description": ".", "cost": 1_000, "area": suurpiiri("1").pk}
        created = api_client.post("/api/v1/budgeting/projects/", body, format="json")
        assert created.status_code == 201
        entered = api_client.post(f"/api/v1/budgeting/projects/{created.json()['id']}/enter-vote/")

        assert entered.status_code == 400
        day = budget_round.voting_opens.strftime("%m/%d/%Y")  # English short date
        assert entered.json()["detail"] == f"Voting in OmaStadi 2025 opened on {day}: {FROZEN}"
        assert Project.objects.get(pk=created.json()["id"]).on_ballot is False
        api_client.force_authenticate(None)
        assert api_client.get(results_url(budget_round)).json() == published
        assert api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/winners/").json() == winners

    def test_a_project_enters_until_the_day_before_voting_opens(self, budget_round, make_project):
        before, opening = make_project(on_ballot=False, title="Before"), make_project(on_ballot=False, title="Opening")
        services.project_enter_vote(project=before, today=budget_round.voting_opens - timedelta(days=1))
        assert Project.objects.get(pk=before.pk).on_ballot is True
        with pytest.raises(ValidationError) as exc:
            services.project_enter_vote(project=opening, today=budget_round.voting_opens)
        assert FROZEN in exc.value.messages[0]
        assert Project.objects.get(pk=opening.pk).on_ballot is False

    def test_the_admin_cannot_change_the_cost_of_a_project_in_a_frozen_ballot(self, admin_client, budget_round, make_project):
        set_phase(budget_round, "voting")
        project = make_project(cost=100_000)
        response = admin_client.post(CHANGE.format(pk=project.pk), change_form(project, cost=90_000))
        assert response.status_code == 200 and FROZEN in response.content.decode()
        assert Project.objects.get(pk=project.pk).cost == 100_000
        # The title is not the ballot: it may still be corrected.
        response = admin_client.post(CHANGE.format(pk=project.pk), change_form(project, title="Korjattu"))
        assert response.status_code == 302 and Project.objects.get(pk=project.pk).title == "Korjattu"

    def test_the_admin_can_change_the_cost_before_voting_opens(self, admin_client, budget_round, make_project):
        set_phase(budget_round, "proposals")
        project = make_project(cost=100_000)
        response = admin_client.post(CHANGE.format(pk=project.pk), change_form(project, cost=90_000))
        assert response.status_code == 302 and Project.objects.get(pk=project.pk).cost == 90_000

    def test_the_admin_cannot_delete_a_project_of_a_frozen_ballot(self, admin_user, budget_round, make_project):
        request = RequestFactory().get("/")
        request.user = admin_user
        project_admin = site._registry[Project]
        set_phase(budget_round, "voting")
        in_vote, planned = make_project(title="In"), make_project(title="Out", on_ballot=False)
        assert project_admin.has_delete_permission(request, in_vote) is False
        assert project_admin.has_delete_permission(request, planned) is True
        set_phase(budget_round, "proposals")
        assert project_admin.has_delete_permission(request, in_vote) is True


class TestStoredResults:
    def test_the_published_result_does_not_follow_later_changes(self, api_client, budget_round, make_project, make_voter):
        first, second = make_project(title="First", cost=400_000), make_project(title="Second", cost=400_000)
        vote(budget_round, make_voter(), [first])
        set_phase(budget_round, "results")
        published = api_client.get(results_url(budget_round)).json()
        assert [p["funded"] for p in published["budgets"][1]["projects"]] == [True, False]
        assert RoundResult.objects.filter(round=budget_round).count() == 1

        # Two ballots for Second appear in the database afterwards (no service takes them now).
        for reference in ("late-1", "late-2"):
            ballot = Ballot.objects.create(round=budget_round, channel="paper", paper_reference=reference, area=suurpiiri("1"))
            BallotChoice.objects.create(ballot=ballot, project=second)
        assert api_client.get(results_url(budget_round)).json() == published

    def test_before_the_results_day_planners_see_the_count_so_far_and_nothing_is_stored(
        self, api_client, budget_round, make_project, make_voter, make_user
    ):
        project = make_project()
        vote(budget_round, make_voter(), [project])
        set_phase(budget_round, "counting")
        api_client.force_authenticate(make_user(planner=True))
        assert api_client.get(results_url(budget_round)).json()["budgets"][1]["projects"][0]["votes"] == 1
        assert not RoundResult.objects.exists()

    def test_a_recount_by_an_admin_changes_it_and_is_recorded(self, budget_round, make_project, make_voter, admin_user):
        first, second = make_project(title="First", cost=400_000), make_project(title="Second", cost=400_000)
        vote(budget_round, make_voter(), [first])
        set_phase(budget_round, "results")
        before = publication.round_result_published(round=budget_round).budgets
        for reference in ("found-1", "found-2"):
            ballot = Ballot.objects.create(round=budget_round, channel="paper", paper_reference=reference, area=suurpiiri("1"))
            BallotChoice.objects.create(ballot=ballot, project=second)

        recount = publication.result_recount(round=budget_round, by=admin_user, reason="  Two sheets found in a box.  ")

        after = publication.round_result_published(round=budget_round).budgets
        south = {p["id"]: p["funded"] for p in after[1]["projects"]}
        assert south == {second.pk: True, first.pk: False}
        recorded = ResultRecount.objects.get()
        assert (recorded.pk, recorded.recounted_by, recorded.reason) == (recount.pk, admin_user, "Two sheets found in a box.")
        assert recorded.before == before and recorded.after == after and before != after

    def test_a_recount_needs_an_admin_a_reason_and_published_results(self, budget_round, make_user, admin_user):
        set_phase(budget_round, "results")
        planner = make_user(planner=True)
        planner.is_staff = True
        with pytest.raises(PermissionDenied):
            publication.result_recount(round=budget_round, by=planner, reason="Because.")
        with pytest.raises(ValidationError) as exc:
            publication.result_recount(round=budget_round, by=admin_user, reason="   ")
        assert exc.value.messages == [str(publication.MSG_RECOUNT_REASON)]
        set_phase(budget_round, "counting")
        with pytest.raises(ValidationError) as exc:
            publication.result_recount(round=budget_round, by=admin_user, reason="Because.")
        assert exc.value.messages == ["The results of OmaStadi 2025 are not published yet; there is nothing to recount."]
        assert not ResultRecount.objects.exists()

    def test_the_recount_command(self, budget_round, admin_user, tmp_path):
        set_phase(budget_round, "results")
        out = tmp_path / "out"
        call_command("recount_budget_results", year=2025, by=admin_user.username, reason="Check.", stdout=open(out, "w"))
        assert out.read_text().strip() == "OmaStadi 2025: recounted; the result is the same."
        assert ResultRecount.objects.get().reason == "Check."
        with pytest.raises(CommandError, match="There is no user 'nobody'"):
            call_command("recount_budget_results", year=2025, by="nobody", reason="Check.")


class TestAProjectNeedsAVote:
    def test_zero_votes_is_not_funded_one_vote_is(self):
        out = rank_and_fund(candidates=[Candidate("none", 0, 10, (T0, 1)), Candidate("one", 1, 10, (T0, 2))], budget=100)
        assert [(o.key, o.votes, o.funded) for o in out] == [("one", 1, True), ("none", 0, False)]
        assert [o.remaining_after for o in out] == [90, 90]

    def test_a_round_without_ballots_funds_nothing_and_says_why(self, api_client, budget_round, make_project):
        make_project(area_code="7", title="Itäinen 1", cost=100_000)
        make_project(area_code="7", title="Itäinen 2", cost=100_000)
        set_phase(budget_round, "results")
        body = api_client.get(results_url(budget_round)).json()
        east = next(b for b in body["budgets"] if b["area_code"] == "7")
        assert [(p["votes"], p["funded"]) for p in east["projects"]] == [(0, False), (0, False)]
        assert "A project needs at least one vote to be funded." in body["rule"]
        assert api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/winners/").json()["features"] == []
