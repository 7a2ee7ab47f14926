"""The round page and the results page in the browser's language (Django test client)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from budgeting import services, voting
from budgeting.models import AreaAllocation, RoundResult
from budgeting.pages import PHASE_LABELS
from map_ui.numbers import euros, number, percent

from .conftest import make_round, set_phase, suurpiiri


def _in(language, function, *args, **kwargs):
    with translation.override(language):
        return str(function(*args, **kwargs))


class TestRoundPage:
    def test_no_round_is_a_404(self, client, db):
        assert client.get("/budjetointi/").status_code == 404

    @pytest.mark.parametrize("prefix, language", [("", "fi"), ("/sv", "sv"), ("/en", "en")])
    def test_sums_per_area_in_the_readers_number_format(self, client, budget_round, prefix, language):
        response = client.get(f"{prefix}/budjetointi/")
        assert response.status_code == 200
        assert response["Content-Language"] == language
        html = response.content.decode()
        parts = AreaAllocation.objects.filter(round=budget_round)
        assert sum(p.amount for p in parts) == budget_round.total_sum
        for part in parts:
            assert _in(language, euros, part.amount) in html
        itainen = parts.get(area=suurpiiri("7"))
        # Östersundom's residents count for Itäinen, and the page says so.
        assert itainen.merged_population > 0
        assert _in(language, number, itainen.population) in html
        assert suurpiiri("8").name in html
        share = itainen.population / sum(p.population for p in parts.exclude(area=None))
        assert _in(language, percent, f"{share:.6f}") in html

    def test_the_year_picks_the_round_and_an_unknown_year_is_404(self, client, budget_round):
        older = make_round(year=2020)
        assert older.name in client.get("/budjetointi/2020/").content.decode()
        assert client.get("/budjetointi/1999/").status_code == 404

    def test_the_current_round_is_the_latest_that_has_opened(self, client, demo_areas):
        today = timezone.localdate()
        opened = set_phase(make_round(year=2030), "proposals")
        later = make_round(year=2031)  # opens next year by its fixed dates
        later.proposals_opens = today + timedelta(days=1)
        later.save()
        html = client.get("/en/budjetointi/").content.decode()
        assert f"<h1>{opened.name}</h1>" in html

    @pytest.mark.parametrize(
        "closes_in, phase, button",
        [(0, "proposals", "Make a proposal"), (1, "proposals", "Make a proposal"), (-1, "planning", None)],
    )
    def test_what_a_resident_can_do_at_inside_and_after_the_proposals_close(
        self, client, budget_round, closes_in, phase, button
    ):
        today = timezone.localdate()
        set_phase(budget_round, "proposals")
        budget_round.proposals_closes = today + timedelta(days=closes_in)
        budget_round.planning_opens = budget_round.proposals_closes
        budget_round.save()
        html = client.get("/en/budjetointi/").content.decode()
        assert f'data-phase="{phase}"' in html
        assert str(PHASE_LABELS[phase]) in html
        assert ("/en/budjetointi/2025/ehdota/" in html) is (button is not None)


@pytest.fixture
def counted_round(budget_round, make_voter, make_project):
    """Eteläinen: A fits with two votes, B (one vote) no longer fits after A, C has no votes."""
    set_phase(budget_round, "results")
    budget = services.allocation_amount(round=budget_round, area=suurpiiri("1"))
    a = make_project(title="A", cost=budget - 10)
    b = make_project(title="B", cost=100)
    c = make_project(title="C", cost=5)
    day = budget_round.voting_opens
    for choice in ([a], [a], [b]):
        voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[p.pk for p in choice], today=day)
    return budget_round, a, b, c


class TestResultsPage:
    def test_funded_skipped_and_unvoted_with_turnout(self, client, counted_round):
        round, a, b, c = counted_round
        html = client.get("/en/budjetointi/2025/tulokset/").content.decode()
        budget = next(x for x in RoundResult.objects.get(round=round).budgets if x["area_id"] == suurpiiri("1").pk)
        with translation.override("en"):
            assert f'data-project="{a.pk}" data-funded="true"' in html
            assert f'data-project="{b.pk}" data-funded="false"' in html
            left = euros(budget["sum"] - a.cost)
            assert f"Not funded: skipped, only {left} was left of the sum when its turn came" in html
            assert "Not funded: no votes" in html
            assert f"Turnout: {percent(budget['turnout'])}" in html
        assert budget["ballots"] == 3

    def test_before_the_results_day_only_planners_see_the_count(self, client, budget_round, make_user, make_project):
        set_phase(budget_round, "counting")
        make_project(title="Counted later")
        html = client.get("/en/budjetointi/2025/tulokset/").content.decode()
        day = budget_round.results_on
        with translation.override("en"):
            from django.utils.formats import date_format

            assert f"The results are published on {date_format(day, 'SHORT_DATE_FORMAT')}." in html
        assert "Counted later" not in html
        client.force_login(make_user(planner=True))
        assert "Counted later" in client.get("/en/budjetointi/2025/tulokset/").content.decode()
        assert not RoundResult.objects.filter(round=budget_round).exists()

    def test_results_day_itself_publishes(self, client, counted_round):
        round = counted_round[0]
        round.results_on = timezone.localdate()
        round.save()
        assert "data-funded" in client.get("/en/budjetointi/2025/tulokset/").content.decode()
        round.results_on = timezone.localdate() + timedelta(days=1)
        round.voting_closes = min(round.voting_closes, round.results_on)
        round.save()
        RoundResult.objects.all().delete()
        assert "data-funded" not in client.get("/en/budjetointi/2025/tulokset/").content.decode()


class TestProjectPage:
    def test_implementation_status_shown(self, client, budget_round, make_project):
        project = make_project(title="Swings")
        services.project_set_implementation(project=project, status="in_progress")
        html = client.get(f"/en/budjetointi/hankkeet/{project.pk}/").content.decode()
        assert 'data-implementation="in_progress"' in html and "being built" in html
        assert "/en/budjetointi/2025/" in html


class TestOneRuleForApiAndPages:
    def test_the_api_gives_the_reasons_the_page_shows(self, client, counted_round):
        round, a, b, c = counted_round
        body = client.get(f"/api/v1/budgeting/rounds/{round.pk}/results/").json()
        projects = {p["id"]: p for budget in body["budgets"] for p in budget["projects"]}
        assert [projects[p.pk]["not_funded_because"] for p in (a, b, c)] == [None, "did_not_fit", "no_votes"]

    def test_the_api_allocation_is_the_pages_arithmetic(self, client, budget_round):
        body = client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/allocation/").json()
        parts = AreaAllocation.objects.filter(round=budget_round).exclude(area=None)
        total = sum(p.population for p in parts)
        assert body["areas_population"] == total
        for row in body["areas"]:
            part = parts.get(area_id=row["area"]["id"])
            assert Decimal(row["share"]) == (Decimal(part.population) / total).quantize(Decimal("0.000001"))
            assert Decimal(row["remainder"]) == part.quota - int(part.quota)
        assert sum(1 for row in body["areas"] if row["got_extra_euro"]) == body["euros_left_after_flooring"]
