"""The ballot's rules at their limits, checked on ballot_check (online and paper ballots
share it): a sum spent to the euro passes, one euro more is refused with the whole
message; the area a ballot needs, the area a project must be in; the voter's home area."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from areas.models import Area
from budgeting import services, voting
from budgeting.selectors import MSG_NOT_A_BUDGET_AREA
from budgeting.services import allocation_amount

from map_ui.numbers import euros

from .conftest import ESPOO, ITAKESKUS, make_round, suurpiiri


def refused(**kwargs) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        voting.ballot_check(**kwargs)
    return exc.value.messages


class TestSums:
    def test_area_projects_costing_the_whole_area_sum_pass(self, budget_round, make_project):
        south = suurpiiri("1")
        budget = allocation_amount(round=budget_round, area=south)
        big, rest = make_project(cost=budget - 1000), make_project(cost=1000)
        checked = voting.ballot_check(round=budget_round, area=south, project_ids=[rest.pk, big.pk])
        assert checked.area == south and checked.projects == [rest, big]

    def test_one_euro_over_the_area_sum_is_refused(self, budget_round, make_project):
        south = suurpiiri("1")
        budget = allocation_amount(round=budget_round, area=south)
        big, rest = make_project(cost=budget - 1000), make_project(cost=1001)
        assert refused(round=budget_round, area=south, project_ids=[big.pk, rest.pk]) == [
            str(voting.MSG_OVER_AREA_BUDGET).format(area=south, cost=euros(budget + 1), budget=euros(budget))
        ]

    def test_city_projects_costing_the_whole_city_sum_pass(self, budget_round, make_project):
        budget = allocation_amount(round=budget_round, area=None)
        a, b = make_project(cost=budget - 1000, area_code=None), make_project(cost=1000, area_code=None)
        checked = voting.ballot_check(round=budget_round, area=None, project_ids=[a.pk, b.pk])
        assert checked.area is None and checked.projects == [a, b]

    def test_one_euro_over_the_city_sum_is_refused(self, budget_round, make_project):
        budget = allocation_amount(round=budget_round, area=None)
        a, b = make_project(cost=budget - 1000, area_code=None), make_project(cost=1001, area_code=None)
        assert refused(round=budget_round, area=None, project_ids=[a.pk, b.pk]) == [
            str(voting.MSG_OVER_CITY_BUDGET).format(cost=euros(budget + 1), budget=euros(budget))
        ]

    def test_the_two_sums_are_separate(self, budget_round, make_project):
        # The whole area sum and the whole city sum on one ballot: each within its own.
        south = suurpiiri("1")
        local = make_project(cost=allocation_amount(round=budget_round, area=south))
        city = make_project(cost=allocation_amount(round=budget_round, area=None), area_code=None)
        checked = voting.ballot_check(round=budget_round, area=south, project_ids=[city.pk, local.pk])
        assert checked.projects == [city, local]


class TestChoices:
    def test_area_projects_need_an_area(self, budget_round, make_project):
        assert refused(round=budget_round, area=None, project_ids=[make_project().pk]) == [str(voting.MSG_AREA_NEEDED)]

    def test_a_project_of_another_area(self, budget_round, make_project):
        east = make_project(area_code="7")
        assert refused(round=budget_round, area=suurpiiri("1"), project_ids=[east.pk]) == [
            str(voting.MSG_PROJECT_OTHER_AREA).format(id=east.pk, project_area=east.area, area=suurpiiri("1"))
        ]

    def test_an_area_outside_the_rounds_division_is_refused(self, budget_round, make_project):
        vironniemi = Area.objects.get(division__slug="peruspiiri", code="101")
        assert refused(round=budget_round, area=vironniemi, project_ids=[make_project(area_code=None).pk]) == [
            str(MSG_NOT_A_BUDGET_AREA).format(area=vironniemi)
        ]

    @pytest.mark.parametrize(("ids", "message"), [([], voting.MSG_EMPTY_BALLOT), ("dup", voting.MSG_DUPLICATE_PROJECT)])
    def test_empty_and_duplicate(self, budget_round, make_project, ids, message):
        project = make_project(area_code=None)
        ids = [project.pk, project.pk] if ids == "dup" else ids
        assert refused(round=budget_round, area=None, project_ids=ids) == [str(message)]

    def test_an_unknown_project_is_named(self, budget_round, make_project):
        known = make_project(area_code=None)
        assert refused(round=budget_round, area=None, project_ids=[known.pk, 999_999]) == [
            str(voting.MSG_UNKNOWN_PROJECT).format(id=999_999)
        ]


class TestVoter:
    def test_the_home_area_is_the_budget_area_of_the_home(self, budget_round, make_voter):
        assert voting.voter_home_area(round=budget_round, voter=make_voter()) == suurpiiri("1")
        assert voting.voter_home_area(round=budget_round, voter=make_voter(home=ITAKESKUS)) == suurpiiri("7")

    def test_no_home_or_a_home_outside_helsinki_has_none(self, budget_round, make_voter):
        assert voting.voter_home_area(round=budget_round, voter=make_voter(home=None)) is None
        assert voting.voter_home_area(round=budget_round, voter=make_voter(home=ESPOO)) is None

    def test_voter_for_user(self, make_voter, make_user):
        voter = make_voter()
        assert voting.voter_for_user(voter.user) == voter
        for user in (make_user(), AnonymousUser()):
            with pytest.raises(ValidationError) as exc:
                voting.voter_for_user(user)
            assert exc.value.messages == [str(voting.MSG_NO_VOTER)]


class TestTheBallotsProjects:
    def test_a_project_off_the_ballot_or_of_another_round_is_unknown(self, budget_round, make_project):
        draft = make_project(on_ballot=False)
        other_round = make_round(year=2026)
        services.allocation_compute(round=other_round)
        elsewhere = make_project(area_code=None, round=other_round)
        for project in (draft, elsewhere):
            assert refused(round=budget_round, area=suurpiiri("1"), project_ids=[project.pk]) == [
                str(voting.MSG_UNKNOWN_PROJECT).format(id=project.pk)
            ]

    def test_only_the_chosen_projects_count(self, budget_round, make_project):
        # Other projects on the ballot, of another area and over the sum together, change nothing.
        chosen = make_project(cost=1000)
        make_project(area_code="7")
        make_project(cost=allocation_amount(round=budget_round, area=suurpiiri("1")))
        checked = voting.ballot_check(round=budget_round, area=suurpiiri("1"), project_ids=[chosen.pk])
        assert checked.projects == [chosen]
