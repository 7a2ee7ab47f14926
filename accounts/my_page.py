"""What a person's own page shows: their own things, read through each app's selectors.

Only the person's own rows: proposals they made or support, whether they
have voted in each round (never what they chose), feedback they sent or
follow, initiatives they made or follow, areas they drew.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from budgeting.models import Ballot, BudgetRound, ProposalSupport, Voter
from budgeting.selectors import proposal_list, round_list
from feedback.models import FeedbackRequest
from geo_osallisuus import roles
from initiatives.selectors import initiative_list
from resident_areas.models import ResidentArea


@dataclass(frozen=True)
class BallotStatus:
    round: BudgetRound
    voted: bool


def my_proposals(*, user):
    return proposal_list(user=user).filter(author=user).select_related("round")


def my_supported_proposals(*, user):
    supported = ProposalSupport.objects.filter(user=user).values("proposal_id")
    return proposal_list(user=user).filter(pk__in=supported).select_related("round")


def my_ballot_statuses(*, user) -> list[BallotStatus]:
    """Voted or not in each round whose voting has begun; the ballot's choices are never read."""
    today = timezone.localdate()
    rounds = list(round_list().filter(voting_opens__lte=today).order_by("-year"))
    voted = set(Ballot.objects.filter(voter__user=user, round__in=rounds).values_list("round_id", flat=True))
    return [BallotStatus(round=round, voted=round.pk in voted) for round in rounds]


def my_feedback(*, user):
    return (
        FeedbackRequest.objects.filter(Q(author=user) | Q(follows__user=user))
        .select_related("service")
        .distinct()
        .order_by("-requested_at")
    )


def my_initiatives(*, user):
    return initiative_list(user=user).filter(Q(author=user) | Q(follows__user=user)).distinct()


def my_resident_areas(*, user):
    return ResidentArea.objects.filter(author=user).order_by("name")


def my_page_context(*, user) -> dict:
    return {
        "person": user,
        "voter": Voter.objects.filter(user=user).first(),
        "proposals": my_proposals(user=user),
        "supported": my_supported_proposals(user=user),
        "ballots": my_ballot_statuses(user=user),
        "feedback": my_feedback(user=user),
        "initiatives": my_initiatives(user=user),
        "resident_areas": my_resident_areas(user=user),
        "is_luotsi": roles.user_is_luotsi(user),
        "is_planner": roles.user_is_planner(user),
        "is_admin": roles.user_is_admin(user),
    }
