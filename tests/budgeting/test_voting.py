"""Voting: eligibility on the voting day, one ballot per voter (even concurrently), budget limits."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from budgeting import voting
from budgeting.eligibility import age_on, voter_is_eligible
from budgeting.models import Ballot, BallotChoice

from .conftest import ITAKESKUS, VOTING_DAY, suurpiiri


class TestAge:
    @pytest.mark.parametrize(
        "born, day, age",
        [
            (date(2013, 10, 15), date(2025, 10, 15), 12),  # the birthday itself counts
            (date(2013, 10, 16), date(2025, 10, 15), 11),  # one day short
            (date(2013, 1, 1), date(2025, 12, 31), 12),
            (date(2012, 2, 29), date(2024, 2, 28), 11),  # leap year: the birthday exists
            (date(2012, 2, 29), date(2024, 2, 29), 12),
            (date(2008, 2, 29), date(2021, 2, 28), 12),  # common year: not yet on 28 Feb
            (date(2008, 2, 29), date(2021, 3, 1), 13),  # ... but on 1 Mar
        ],
    )
    def test_age_on(self, born, day, age):
        assert age_on(birth_date=born, day=day) == age

    def test_leap_day_birthday_with_voting_age_13(self):
        born = date(2008, 2, 29)
        assert not voter_is_eligible(birth_date=born, is_resident=True, day=date(2021, 2, 28), voting_age=13)
        assert voter_is_eligible(birth_date=born, is_resident=True, day=date(2021, 3, 1), voting_age=13)

    def test_non_residents_cannot_vote(self):
        assert not voter_is_eligible(birth_date=date(1980, 1, 1), is_resident=False, day=VOTING_DAY, voting_age=12)


def cast(voter, round, project_ids, area=None, today=VOTING_DAY):
    return voting.ballot_cast(voter=voter, round=round, area=area, project_ids=project_ids, today=today)


class TestEligibilityOnTheVotingDay:
    def test_twelve_today_can_vote_eleven_cannot(self, budget_round, make_voter, make_project):
        project = make_project(area_code=None)
        cast(make_voter(birth_date=date(2013, 10, 15)), budget_round, [project.pk])
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(birth_date=date(2013, 10, 16)), budget_round, [project.pk])
        assert exc.value.messages == [str(voting.MSG_NOT_ELIGIBLE).format(age=12)]
        # ... and the next day, the younger one can.
        cast(make_voter(birth_date=date(2013, 10, 16)), budget_round, [project.pk], today=date(2025, 10, 16))

    def test_outside_the_voting_period(self, budget_round, make_voter, make_project):
        project = make_project(area_code=None)
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(), budget_round, [project.pk], today=date(2025, 11, 1))
        assert exc.value.messages == [str(voting.MSG_VOTING_CLOSED)]


class TestOneBallot:
    def test_changing_the_ballot_rewrites_it(self, budget_round, make_voter, make_project):
        voter = make_voter()
        a, b = make_project(title="A"), make_project(title="B")
        cast(voter, budget_round, [a.pk], area=suurpiiri("1"))
        cast(voter, budget_round, [b.pk], area=suurpiiri("1"))
        assert Ballot.objects.filter(voter=voter).count() == 1
        assert list(BallotChoice.objects.values_list("project_id", flat=True)) == [b.pk]

    def test_the_database_refuses_a_second_ballot(self, budget_round, make_voter):
        voter = make_voter()
        Ballot.objects.create(round=budget_round, voter=voter)
        with pytest.raises(IntegrityError):
            Ballot.objects.create(round=budget_round, voter=voter)


@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_by_one_voter_leave_exactly_one(budget_round, make_voter, make_project):
    """Threads, each with its own database connection, cast at the same moment."""
    voter = make_voter()
    projects = [make_project(title=f"P{i}", cost=10_000) for i in range(8)]
    barrier = threading.Barrier(len(projects))
    errors = []

    def vote(project):
        try:
            barrier.wait()
            cast(voter, budget_round, [project.pk], area=suurpiiri("1"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(p,)) for p in projects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Ballot.objects.filter(round=budget_round, voter=voter).count() == 1
    # The last writer's choice stands, whole: one project, not a mix.
    assert BallotChoice.objects.filter(ballot__voter=voter).count() == 1


class TestBudgetLimits:
    def test_area_projects_within_the_area_sum(self, budget_round, make_voter, make_project):
        # Eteläinen's sum is 657 660 EUR.
        big, small = make_project(cost=600_000, title="Big"), make_project(cost=200_000, title="Small")
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(), budget_round, [big.pk, small.pk], area=suurpiiri("1"))
        assert "more than its" in exc.value.messages[0]
        cast(make_voter(), budget_round, [big.pk], area=suurpiiri("1"))

    def test_all_helsinki_projects_within_their_sum(self, budget_round, make_voter, make_project):
        a, b = make_project(cost=500_000, area_code=None, title="A"), make_project(cost=400_000, area_code=None, title="B")
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(), budget_round, [a.pk, b.pk])
        assert exc.value.messages == ["The chosen all-Helsinki projects cost €900,000, more than the €880,000 for them."]

    def test_projects_of_one_area_only(self, budget_round, make_voter, make_project):
        south, east = make_project(area_code="1", title="S"), make_project(area_code="7", title="E")
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(), budget_round, [south.pk, east.pk], area=suurpiiri("1"))
        assert "not in the area you vote in" in exc.value.messages[0]

    def test_ostersundom_voter_votes_in_itainen(self, budget_round, make_voter, make_project):
        east = make_project(area_code="7")
        ballot = cast(make_voter(home=ITAKESKUS), budget_round, [east.pk], area=suurpiiri("8"))
        assert ballot.area.code == "7"

    @pytest.mark.parametrize(
        "ids, message",
        [([], voting.MSG_EMPTY_BALLOT), ("dup", voting.MSG_DUPLICATE_PROJECT), ([999999], "is not on this round's ballot")],
    )
    def test_bad_choices(self, budget_round, make_voter, make_project, ids, message):
        project = make_project(area_code=None)
        ids = [project.pk, project.pk] if ids == "dup" else ids
        with pytest.raises(ValidationError) as exc:
            cast(make_voter(), budget_round, ids)
        assert str(message) in exc.value.messages[0]

    def test_a_project_not_on_the_ballot_cannot_be_chosen(self, budget_round, make_voter, make_project):
        draft = make_project(on_ballot=False)
        with pytest.raises(ValidationError):
            cast(make_voter(), budget_round, [draft.pk], area=suurpiiri("1"))
