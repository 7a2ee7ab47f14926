"""Publishing a round's result, and the audited recount that alone may change it.

The result is counted once, on or after the results day, and stored
(RoundResult): the public results, their CSV and the winners layer read the
stored count, never a fresh one. By the results day nothing may change the
count: the ballot froze when voting opened (services.ballot_change_check),
online voting has closed, and paper ballots are taken only before the results
day (voting.paper_ballots_import). Should a published count still need
correcting (ballots found void, say), an admin recounts: the new count replaces
the stored one, and who, when, why and both counts are kept (ResultRecount).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area

from .models import BudgetRound, Project, ResultRecount, RoundResult
from .phases import round_results_public
from .results import MIN_VOTES, results_snapshot, round_results

MSG_RECOUNT_REASON = _("A recount needs a reason: it is kept with who recounted and when.")
MSG_RECOUNT_NOT_PUBLISHED = _("The results of {round} are not published yet; there is nothing to recount.")
MSG_RECOUNT_NOT_ALLOWED = _("Only an administrator can recount published results.")


def _count(round: BudgetRound) -> list[dict]:
    return results_snapshot(results=round_results(round=round))


def round_result_published(*, round: BudgetRound, today: date | None = None) -> RoundResult | None:
    """The stored result once the results day has come (counted and stored by the
    first read on or after it); None before it."""
    if not round_results_public(round=round, today=today):
        return None
    found = RoundResult.objects.filter(round=round).first()
    if found is not None:
        return found
    with transaction.atomic():
        # Two first readers at once: the second waits here and finds the first one's row.
        BudgetRound.objects.select_for_update().get(pk=round.pk)
        found = RoundResult.objects.filter(round=round).first()
        if found is None:
            found = RoundResult.objects.create(round=round, computed_at=timezone.now(), budgets=_count(round))
    return found


def round_result_budgets(*, round: BudgetRound, today: date | None = None) -> list[dict]:
    """The published count once public; before that the count so far (planners only see it)."""
    published = round_result_published(round=round, today=today)
    return published.budgets if published is not None else _count(round)


def result_budgets_named(*, round: BudgetRound, today: date | None = None) -> list[dict]:
    """The count (published, or so far) with the names and titles of today: for the
    API's results and the results page alike. Each project also says why it was not
    funded: `no_votes` (fewer than MIN_VOTES) or `did_not_fit` (its cost exceeded
    what was left, `remaining_after`, when its turn came)."""
    budgets = round_result_budgets(round=round, today=today)
    areas = Area.objects.in_bulk([b["area_id"] for b in budgets if b["area_id"] is not None])
    projects = Project.objects.in_bulk([p["id"] for b in budgets for p in b["projects"]])
    data = []
    for budget in budgets:
        area = areas.get(budget["area_id"])
        data.append({
            "name": area.name if area else str(_("All of Helsinki")),
            "area_id": budget["area_id"],
            "area_code": area.code if area else None,
            **{key: budget[key] for key in (
                "sum", "spent", "population", "eligible_population", "ballots", "turnout", "turnout_base")},
            "projects": [
                {
                    "id": p["id"], "title": projects[p["id"]].title, "cost": p["cost"], "votes": p["votes"],
                    "rank": p["rank"], "funded": p["funded"], "remaining_after": p["remaining_after"],
                    "implementation_status": projects[p["id"]].implementation_status,
                    "not_funded_because": _not_funded_because(p),
                }
                for p in budget["projects"]
            ],
        })  # fmt: skip
    return data


def _not_funded_because(outcome: dict) -> str | None:
    if outcome["funded"]:
        return None
    return "no_votes" if outcome["votes"] < MIN_VOTES else "did_not_fit"


def result_recount(*, round: BudgetRound, by, reason: str, today: date | None = None) -> ResultRecount:
    """Count the round's ballots again and replace its published result, recording
    who did it, when, why, and the result before and after."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied(MSG_RECOUNT_NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(MSG_RECOUNT_REASON)
    published = round_result_published(round=round, today=today)
    if published is None:
        raise ValidationError(MSG_RECOUNT_NOT_PUBLISHED.format(round=round))
    with transaction.atomic():
        published = RoundResult.objects.select_for_update().get(pk=published.pk)
        before, after = published.budgets, _count(round)
        published.budgets, published.computed_at = after, timezone.now()
        published.save(update_fields=["budgets", "computed_at"])
        return ResultRecount.objects.create(round=round, recounted_by=by, reason=reason, before=before, after=after)
