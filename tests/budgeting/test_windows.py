"""Issue 18, items 6 and 7: paper ballots only while counting, supports only while proposals are open.
Every date is derived from the round's own fields."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from budgeting import services
from budgeting.models import Ballot, ProposalSupport
from budgeting.voting import PaperImportError, paper_ballots_import

from .conftest import CENTRAL_STATION, point, set_phase, suurpiiri

DAY = timedelta(days=1)


class TestPaperBallotWindow:
    @pytest.fixture
    def sheet(self, make_project):
        project = make_project(area_code="7", title="Itä")
        return f"reference,projects\nW-1,{project.pk}\n"

    def window_message(self, round):
        first, last = round.voting_closes + DAY, round.results_on - DAY
        return (
            f"Paper ballots of {round} are imported after voting closes and before the results are published: "
            f"from {first:%m/%d/%Y} to {last:%m/%d/%Y}."
        )

    @pytest.mark.parametrize(
        "day, accepted",
        [
            (lambda r: r.voting_closes, False),  # the last day of voting
            (lambda r: r.voting_closes + DAY, True),  # the first day after it closes
            (lambda r: r.results_on - DAY, True),  # the last day before the results
            (lambda r: r.results_on, False),  # the results day
            (lambda r: r.results_on + DAY, False),  # the day after
        ],
        ids=["last-voting-day", "first-day-after-close", "day-before-results", "results-day", "day-after-results"],
    )
    def test_edges(self, budget_round, sheet, day, accepted):
        today = day(budget_round)
        if accepted:
            assert paper_ballots_import(round=budget_round, area=suurpiiri("7"), text=sheet, today=today).created == 1
            assert Ballot.objects.filter(paper_reference="W-1").count() == 1
        else:
            with pytest.raises(PaperImportError) as exc:
                paper_ballots_import(round=budget_round, area=suurpiiri("7"), text=sheet, today=today)
            assert exc.value.errors == [self.window_message(budget_round)]
            assert not Ballot.objects.exists()

    def test_no_window_when_the_results_follow_the_close(self, budget_round, sheet):
        budget_round.results_on = budget_round.voting_closes + DAY
        budget_round.save()
        with pytest.raises(PaperImportError) as exc:
            paper_ballots_import(round=budget_round, area=suurpiiri("7"), text=sheet, today=budget_round.results_on)
        assert "which leaves no day for importing paper ballots" in exc.value.errors[0]


class TestSupportWindow:
    @pytest.fixture
    def proposal(self, budget_round, make_user):
        return services.proposal_create(
            round=budget_round, author=make_user(), title="Penkit", description="Lisää penkkejä.",
            location=point(CENTRAL_STATION), today=budget_round.proposals_opens,
        )  # fmt: skip

    def test_on_the_last_day_of_proposals_yes_the_day_after_no(self, budget_round, proposal, make_user):
        services.proposal_support(proposal=proposal, user=make_user(), today=budget_round.proposals_closes)
        with pytest.raises(ValidationError) as exc:
            services.proposal_support(proposal=proposal, user=make_user(), today=budget_round.proposals_closes + DAY)
        opens, closes = budget_round.proposals_opens, budget_round.proposals_closes
        assert exc.value.messages == [
            f"Proposals of OmaStadi 2025 could be supported while proposals were open, "
            f"from {opens:%m/%d/%Y} to {closes:%m/%d/%Y}."
        ]
        assert ProposalSupport.objects.count() == 1

    def test_the_issue_a_round_in_implementation_refuses_with_a_reason(self, api_client, budget_round, proposal, make_user):
        set_phase(budget_round, "results")  # results out, implementation going on
        api_client.force_authenticate(make_user())
        response = api_client.post(f"/api/v1/budgeting/proposals/{proposal.pk}/support/")
        assert response.status_code == 400 and "could be supported while proposals were open" in response.json()["detail"]
        assert not ProposalSupport.objects.exists()

    def test_through_the_api_on_the_last_day_and_the_day_after(self, api_client, budget_round, proposal, make_user):
        set_phase(budget_round, "proposals")
        budget_round.proposals_closes = timezone.localdate()
        budget_round.save()
        api_client.force_authenticate(make_user())
        assert api_client.post(f"/api/v1/budgeting/proposals/{proposal.pk}/support/").status_code == 201
        budget_round.proposals_closes = timezone.localdate() - DAY
        budget_round.save()
        api_client.force_authenticate(make_user())
        assert api_client.post(f"/api/v1/budgeting/proposals/{proposal.pk}/support/").status_code == 400
