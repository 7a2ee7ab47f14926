"""A resident's unfinished proposal, kept in their session until it is submitted.

Kept per user inside the session: the session is the signed-in person's own
(sign-in gives it a new key; signing in as someone else empties it), and the
user id in the key keeps a draft from being shown to anyone but its writer
even if a session outlived a change of user.
"""

from __future__ import annotations

from .forms import DRAFT_FIELDS
from .models import BudgetRound

SESSION_KEY = "budgeting_proposal_drafts"


def _key(user, round: BudgetRound) -> str:
    return f"{user.pk}:{round.pk}"


def draft_get(*, session, user, round: BudgetRound) -> dict | None:
    return session.get(SESSION_KEY, {}).get(_key(user, round))


def draft_save(*, session, user, round: BudgetRound, data) -> None:
    """Keep the typed values (strings, as typed) of the draft fields."""
    drafts = session.get(SESSION_KEY, {})
    drafts[_key(user, round)] = {field: data.get(field, "") for field in DRAFT_FIELDS}
    session[SESSION_KEY] = drafts


def draft_clear(*, session, user, round: BudgetRound) -> None:
    drafts = session.get(SESSION_KEY, {})
    if drafts.pop(_key(user, round), None) is not None:
        session[SESSION_KEY] = drafts
