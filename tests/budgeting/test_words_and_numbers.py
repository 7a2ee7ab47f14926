"""Issue 18, item 19 (budgeting): amounts and percentages in the reader's language, the
phase constraint in words, and messages without "None"."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from budgeting import services
from budgeting.models import Ballot
from map_ui.numbers import euros, percent

from .conftest import make_round, set_phase, suurpiiri

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "language, amount, expected",
    [
        ("fi", 300_000, f"300{NNBSP}000{NBSP}€"),
        ("sv", 4_400_000, f"4{NNBSP}400{NNBSP}000{NBSP}€"),
        ("en", 300_000, "€300,000"),
        ("fi", 999, f"999{NBSP}€"),  # no separator below a thousand
        ("fi", 1_000, f"1{NNBSP}000{NBSP}€"),
        ("fi", Decimal("1234.5"), f"1{NNBSP}234,50{NBSP}€"),
    ],
)
def test_euros(language, amount, expected):
    with translation.override(language):
        assert euros(amount) == expected


@pytest.mark.parametrize(
    "language, fraction, expected",
    [("fi", "0.0004", f"0,04{NBSP}%"), ("sv", Decimal("0.123456"), f"12,35{NBSP}%"), ("fi", "0.00005", f"0,01{NBSP}%"), ("en", "0.0004", "0.04%"), ("fi", None, "")],
)
def test_percent(language, fraction, expected):
    with translation.override(language):
        assert percent(fraction) == expected


def test_the_project_page_writes_the_cost_in_euros_for_its_language(client, budget_round, make_project):
    project = make_project(title="Kuntoportaat", cost=300_000)
    assert f"300{NNBSP}000{NBSP}€" in client.get(f"/budjetointi/hankkeet/{project.pk}/").content.decode()
    assert "300000 EUR" not in client.get(f"/budjetointi/hankkeet/{project.pk}/").content.decode()
    assert "€300,000" in client.get(f"/en/budjetointi/hankkeet/{project.pk}/").content.decode()


def test_over_budget_message_in_finnish(budget_round, make_project):
    set_phase(budget_round, "proposals")
    project = make_project(cost=900_000, area_code="4", on_ballot=False)
    budget = services.allocation_amount(round=budget_round, area=suurpiiri("4"))
    with translation.override("fi"), pytest.raises(ValidationError) as exc:
        services.project_enter_vote(project=project)
    with translation.override("fi"):
        assert exc.value.messages == [
            f"Suunnitelman kustannus on 900{NNBSP}000{NBSP}€, mikä on enemmän kuin budjetti {euros(budget)} "
            f"({suurpiiri('4')}); sitä ei voi viedä äänestykseen."
        ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_phase_constraint_speaks_words_not_its_name(demo_areas, language):
    round = make_round(2030)
    round.results_on = round.voting_closes - timedelta(days=1)  # results before voting closes
    with translation.override(language), pytest.raises(ValidationError) as exc:
        round.full_clean()
    with translation.override(language):
        text = " ".join(exc.value.messages)
        assert "budgetround_phases_ordered" not in text
        assert {"fi": "Vaiheiden on seurattava toisiaan", "sv": "Faserna ska följa på varandra", "en": "The phases must follow each other"}[language] in text


def test_the_participation_page_shows_turnout_as_a_percentage(client, budget_round, make_voter):
    keskinen = suurpiiri("3")
    keskinen.population = 2000
    keskinen.save(update_fields=["population"])
    for _ in range(2):
        Ballot.objects.create(round=budget_round, voter=make_voter(), area=keskinen)
    Ballot.objects.update(cast_at=datetime(2025, 10, 10, 12, tzinfo=dt_timezone.utc))
    fi = client.get("/osallistuminen/?year=2025").content.decode()
    row = fi[fi.index('data-area-code="3"') :].split("</tr>")[0]
    assert f"<td>0,10{NBSP}%</td>" in row and "0.0010" not in row  # 2 / 2000
    en = client.get("/en/osallistuminen/?year=2025").content.decode()
    assert "<td>0.10%</td>" in en[en.index('data-area-code="3"') :].split("</tr>")[0]
