"""Voting in the browser's forms (Django test client): the suggested area, the ballot,
refusals beside the budget they concern, the confirmation, and who is told what."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from budgeting import services, voting
from budgeting.models import Ballot

from .conftest import set_phase, suurpiiri

URL = "/en/budjetointi/2025/aanesta/"


@pytest.fixture
def voting_round(budget_round):
    return set_phase(budget_round, "voting")


@pytest.fixture
def ballot(voting_round, make_project):
    """Two Eteläinen projects that do not fit together, two all-Helsinki ones that do not either,
    and one Itäinen project."""
    area_sum = services.allocation_amount(round=voting_round, area=suurpiiri("1"))
    city_sum = services.allocation_amount(round=voting_round, area=None)
    # Made while planning: set_phase put planning before today.
    return {
        "a1": make_project(title="Area one", cost=area_sum // 2 + 1),
        "a2": make_project(title="Area two", cost=area_sum // 2 + 1),
        "c1": make_project(title="City one", cost=city_sum // 2 + 1, area_code=None),
        "c2": make_project(title="City two", cost=city_sum // 2 + 1, area_code=None),
        "east": make_project(title="East one", cost=1000, area_code="7"),
    }


@pytest.fixture
def voter(client, make_voter):
    voter = make_voter()  # home at the Central Station: Eteläinen
    client.force_login(voter.user)
    return voter


def ids(*projects):
    return [p.pk for p in projects]


class TestWhoIsTold:
    def test_anonymous_is_sent_to_sign_in(self, client, voting_round):
        response = client.get(URL)
        assert response.status_code == 302 and response["Location"].startswith("/en/kirjaudu/?next=")

    def test_signed_in_without_strong_identification_is_told_how(self, client, voting_round, make_user):
        client.force_login(make_user())
        response = client.get(URL)
        html = response.content.decode()
        assert response.status_code == 403
        assert "data-identify" in html and "strong identification" in html and "/en/kirjaudu/" in html
        assert client.post(URL, {"projects": [1]}).status_code == 403
        assert not Ballot.objects.exists()

    def test_a_voter_who_is_not_eligible_is_told_why_and_gets_no_ballot(self, client, ballot, make_voter):
        voter = make_voter(is_resident=False)
        client.force_login(voter.user)
        html = client.get(URL).content.decode()
        assert str(voting.MSG_NOT_ELIGIBLE).format(age=12) in html and "strong identification" in html
        assert "data-ballot" not in html
        response = client.post(URL, {"area": suurpiiri("1").pk, "projects": ids(ballot["a1"])})
        assert response.status_code == 403 and not Ballot.objects.exists()


class TestBallot:
    def test_the_home_area_is_suggested_with_its_and_the_citys_projects(self, client, ballot, voter):
        html = client.get(URL).content.decode()
        assert f'<option value="{suurpiiri("1").pk}" selected>' in html
        for key in ("a1", "a2", "c1", "c2"):
            assert f'id="project-{ballot[key].pk}" data-cost="{ballot[key].cost}"' in html
        assert f"project-{ballot['east'].pk}" not in html

    def test_another_area_can_be_chosen(self, client, ballot, voter):
        html = client.get(URL, {"alue": suurpiiri("7").pk}).content.decode()
        assert f"project-{ballot['east'].pk}" in html and f"project-{ballot['a1'].pk}" not in html
        response = client.post(URL, {"area": suurpiiri("7").pk, "projects": ids(ballot["east"], ballot["c1"])})
        assert response.status_code == 302
        assert Ballot.objects.get().area == suurpiiri("7")

    def test_cast_confirm_and_change_until_voting_closes(self, client, ballot, voter):
        response = client.post(URL, {"area": suurpiiri("1").pk, "projects": ids(ballot["a1"], ballot["c1"])})
        assert response.status_code == 302 and response["Location"] == URL + "valmis/"
        html = client.get(response["Location"]).content.decode()
        assert "data-vote-confirmed" in html and "Area one" in html and "City one" in html
        client.post(URL, {"area": suurpiiri("1").pk, "projects": ids(ballot["a2"])})
        stored = Ballot.objects.get()
        assert set(stored.choices.values_list("project_id", flat=True)) == {ballot["a2"].pk}
        # The ballot page shows the stored choice ticked.
        assert f'id="project-{ballot["a2"].pk}" data-cost="{ballot["a2"].cost}" checked' in client.get(URL).content.decode()

    @pytest.mark.parametrize(
        "over, part, message",
        [(("a1", "a2"), "area", voting.MSG_OVER_AREA_BUDGET), (("c1", "c2"), "city", voting.MSG_OVER_CITY_BUDGET)],
    )
    def test_over_budget_is_refused_beside_its_list_and_the_choice_kept(self, client, ballot, voter, over, part, message):
        chosen = [ballot[key] for key in over]
        response = client.post(URL, {"area": suurpiiri("1").pk, "projects": ids(*chosen)})
        assert response.status_code == 400 and not Ballot.objects.exists()
        html = response.content.decode()
        budget = services.allocation_amount(round=ballot["a1"].round, area=suurpiiri("1") if part == "area" else None)
        with translation.override("en"):
            from map_ui.numbers import euros

            expected = str(message).format(area=suurpiiri("1"), cost=euros(sum(p.cost for p in chosen)), budget=euros(budget))
        start = html.index(f'id="errors-{part}"')
        assert expected in html[start : html.index("</div>", start)]
        for project in chosen:
            assert f'id="project-{project.pk}" data-cost="{project.cost}" checked' in html

    def test_a_refusal_in_finnish_on_the_finnish_page(self, client, ballot, voter):
        response = client.post("/budjetointi/2025/aanesta/", {"area": suurpiiri("1").pk, "projects": []})
        with translation.override("fi"):
            assert str(voting.MSG_EMPTY_BALLOT) in response.content.decode()
        with translation.override("en"):
            assert str(voting.MSG_EMPTY_BALLOT) not in response.content.decode()

    @pytest.mark.parametrize("closes_in, open_", [(0, True), (1, True), (-1, False)])
    def test_at_inside_and_after_the_close_of_voting(self, client, ballot, voter, closes_in, open_):
        round = ballot["a1"].round
        round.voting_closes = timezone.localdate() + timedelta(days=closes_in)
        round.save()
        html = client.get(URL).content.decode()
        assert ("data-ballot" in html) is open_
        client.post(URL, {"area": suurpiiri("1").pk, "projects": ids(ballot["a1"])})
        assert Ballot.objects.exists() is open_
        if not open_:
            assert str(voting.MSG_VOTING_CLOSED) in html

    @pytest.mark.parametrize("opens_in, open_", [(0, True), (1, False)])
    def test_voting_opens_on_its_first_day(self, client, ballot, voter, opens_in, open_):
        round = ballot["a1"].round
        round.voting_opens = timezone.localdate() + timedelta(days=opens_in)
        round.voting_closes = round.voting_opens + timedelta(days=5)
        round.results_on = round.voting_closes + timedelta(days=1)
        round.save()
        assert ("data-ballot" in client.get(URL).content.decode()) is open_


def test_without_a_home_point_the_area_is_asked_for(client, ballot, make_voter):
    voter = make_voter(home=None)
    client.force_login(voter.user)
    html = client.get(URL).content.decode()
    assert '<option value="" selected>Choose the area</option>' in html
    # Only the all-Helsinki projects until an area is chosen.
    assert f"project-{ballot['c1'].pk}" in html and f"project-{ballot['a1'].pk}" not in html
