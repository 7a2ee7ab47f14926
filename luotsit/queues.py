"""Reads for the luotsi's workspace pages: the queues of their areas.

Each queue asks the owning app's selectors and its one rule of "lies in my
area": resident areas by `resident_area_overlapped_by` (the rule their
moderation permission uses), located items (budget proposals, initiatives,
feedback) by the shared area index (`LocatedQuerySet.in_areas`, which the
dashboard's counts use too). Only the areas of an active profile count, as
in the moderation rule: a luotsi who has left has no queues.
"""

from __future__ import annotations

from django.db.models import QuerySet

from areas.models import Area
from resident_areas.models import ResidentArea, ResidentAreaState
from resident_areas.selectors import resident_area_overlapped_by
from budgeting.models import Proposal
from budgeting.selectors import proposal_list
from feedback.models import FeedbackRequest
from feedback.selectors import feedback_public_list
from initiatives.models import Initiative
from initiatives.selectors import initiative_list

from .models import Luotsi


def luotsi_served_areas(*, luotsi: Luotsi) -> QuerySet[Area]:
    """The areas `luotsi` serves while active; none once inactive or erased."""
    return Area.objects.filter(luotsit__in=Luotsi.objects.active().filter(pk=luotsi.pk))


def resident_areas_to_moderate(*, luotsi: Luotsi) -> QuerySet[ResidentArea]:
    """Proposals waiting for moderation that touch the luotsi's areas, oldest first;
    not the luotsi's own (nobody moderates what they wrote)."""
    queryset = ResidentArea.objects.filter(state=ResidentAreaState.PROPOSED).filter(
        resident_area_overlapped_by(luotsi_served_areas(luotsi=luotsi))
    )
    if luotsi.user_id is not None:
        queryset = queryset.exclude(author_id=luotsi.user_id)
    return queryset.order_by("created_at", "id")


def budget_proposals_waiting(*, luotsi: Luotsi, user) -> QuerySet[Proposal]:
    """Budget proposals not yet moderated that lie in or touch the luotsi's areas."""
    return (
        proposal_list(user=user)
        .filter(status=Proposal.Status.SUBMITTED)
        .in_areas(luotsi_served_areas(luotsi=luotsi).values_list("pk", flat=True))
        .select_related("round")
        .order_by("created_at", "id")
    )


def initiatives_waiting(*, luotsi: Luotsi, user) -> QuerySet[Initiative]:
    """Submitted initiatives in the luotsi's areas that no sector has taken up yet."""
    return (
        initiative_list(user=user)
        .filter(state=Initiative.State.SUBMITTED)
        .in_areas(luotsi_served_areas(luotsi=luotsi).values_list("pk", flat=True))
        .order_by("submitted_at", "id")
    )


def feedback_waiting(*, luotsi: Luotsi) -> QuerySet[FeedbackRequest]:
    """Open feedback in the luotsi's areas, with only what the public list shows of it
    (the sender's name, e-mail and exact point stay deferred)."""
    return (
        feedback_public_list()
        .filter(status=FeedbackRequest.Status.OPEN)
        .in_areas(luotsi_served_areas(luotsi=luotsi).values_list("pk", flat=True))
        .order_by("requested_at", "id")
    )
