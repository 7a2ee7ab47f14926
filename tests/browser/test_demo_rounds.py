"""The demo of a fresh `make run` in a real browser: demo.asukas signs in with the public demo password
and, in Finnish and in Swedish, proposes in the demo proposals round and votes within the budget in the
demo voting round (issue 21)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.demo import DEMO_USERS
from budgeting.models import Ballot, BudgetRound, Proposal

pytestmark = pytest.mark.django_db(transaction=True)

ASUKAS = next(user for user in DEMO_USERS if user.username == "demo.asukas")


@pytest.fixture
def demo_rounds(demo_site):
    """What `make run` loads after load_demo_data (demo_site), with the real today."""
    for command in ("load_demo_luotsit", "load_demo_budgeting", "load_demo_users"):
        call_command(command, verbosity=0)
    today = timezone.localdate()
    rounds = BudgetRound.objects.filter(is_demo=True)
    return (
        rounds.get(proposals_opens__lte=today, proposals_closes__gte=today),
        rounds.get(voting_opens__lte=today, voting_closes__gte=today),
    )


def _words(language: str, *texts: str) -> list[str]:
    with translation.override(language):
        return [gettext(text) for text in texts]


def _sign_in(browsing, prefix: str, language: str) -> None:
    user_name, password = _words(language, "User name", "Password")
    browsing.page.context.clear_cookies()
    page = browsing.open(f"{prefix}/kirjaudu/")
    page.get_by_label(user_name, exact=True).fill(ASUKAS.username)
    page.get_by_label(password, exact=True).fill(ASUKAS.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}{prefix}/oma-sivu/")


def _propose(browsing, prefix: str, language: str, year: int, title: str) -> None:
    submit, anyway = _words(language, "Submit the proposal", "Submit my proposal all the same")
    page = browsing.open(f"{prefix}/budjetointi/{year}/ehdota/")
    assert page.get_attribute("html", "lang") == language
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill("Kolme pukukoppia ja portaat mereen.")
    page.locator("label[for=id_all_helsinki]").click()  # HDS draws the box on its label
    page.get_by_role("button", name=submit, exact=True).click()
    page.wait_for_load_state()
    if page.get_by_role("button", name=anyway, exact=True).count():  # similar proposals were shown
        page.get_by_role("button", name=anyway, exact=True).click()
    page.wait_for_url(re.compile(rf".*{prefix}/budjetointi/ehdotukset/\d+/$"))
    assert page.locator("[data-status=submitted]").is_visible()


def _vote(browsing, prefix: str, language: str, round: BudgetRound, nth: int) -> list[int]:
    """Chooses the nth cheapest project of the suggested area and the cheapest of all Helsinki (each
    costs less than its sum) instead of what was chosen before."""
    page = browsing.open(f"{prefix}/budjetointi/{round.year}/aanesta/")
    assert page.get_attribute("html", "lang") == language
    area_pk = int(page.locator("#area-choice").input_value())
    before = [box.get_attribute("id") for box in page.locator("form[data-ballot] input[type=checkbox]:checked").all()]
    for box_id in before:
        page.locator(f"label[for={box_id}]").click()  # HDS draws the box on its label
    chosen = [
        round.projects.filter(on_ballot=True, area_id=area_pk).order_by("cost", "pk")[nth].pk,
        round.projects.filter(on_ballot=True, area=None).order_by("cost").first().pk,
    ]
    for pk in chosen:
        page.locator(f"label[for=project-{pk}]").click()
        assert page.is_checked(f"#project-{pk}")
    page.locator("form[data-ballot] button[type=submit]").click()
    page.wait_for_url(f"{browsing.base_url}{prefix}/budjetointi/{round.year}/aanesta/valmis/")
    return chosen


def test_demo_resident_proposes_and_votes_in_finnish_and_swedish(browsing, demo_rounds):
    proposals_round, voting_round = demo_rounds
    languages = (("", "fi", "Avantouintipaikka Vuosaareen"), ("/sv", "sv", "Vinterbad i Nordsjö"))
    for nth, (prefix, language, title) in enumerate(languages):
        _sign_in(browsing, prefix, language)
        _propose(browsing, prefix, language, proposals_round.year, title)
        proposal = Proposal.objects.get(round=proposals_round, title=title)
        assert (proposal.author.username, proposal.all_helsinki) == (ASUKAS.username, True)

        chosen = _vote(browsing, prefix, language, voting_round, nth)
        ballot = Ballot.objects.get(round=voting_round, voter__user__username=ASUKAS.username)
        assert sorted(ballot.choices.values_list("project_id", flat=True)) == sorted(chosen)
        voted = browsing.page.locator("[data-voted-projects]").inner_text()
        assert all(name in voted for name in voting_round.projects.filter(pk__in=chosen).values_list("title", flat=True))
    browsing.assert_clean()
