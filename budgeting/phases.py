"""Which phase a round is in on a given day (phase dates are inclusive)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .models import BudgetRound


def round_phase(*, round: BudgetRound, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if today < round.proposals_opens:
        return "upcoming"
    for phase, closes in (
        ("proposals", round.proposals_closes),
        ("planning", round.planning_closes),
        ("voting", round.voting_closes),
    ):
        if today <= closes:
            return phase
    if today < round.results_on:
        return "counting"
    return "implementation" if today <= round.implementation_until else "over"


def round_results_public(*, round: BudgetRound, today: date | None = None) -> bool:
    """Results are public from the results day on; before it only planners see the count."""
    return (today or timezone.localdate()) >= round.results_on
