"""Writes to volunteering: verifying organisers, saving and publishing opportunities.

The rules live here, for the admin, the API and the demo alike:
- only a planner or a luotsi (or an admin) verifies an organiser;
- an opportunity is published only by a verified organiser's representative,
  or by a planner or an admin; nobody publishes for an unverified organiser.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from areas.geometry import MSG_GEOMETRY_OUTSIDE, is_within_helsinki
from areas.located import located_refresh
from geo_osallisuus.roles import user_is_luotsi, user_is_planner

from .models import Opportunity, Organiser

MSG_NOT_A_VERIFIER = gettext_lazy("Only a planner or a luotsi verifies organisers.")
MSG_UNVERIFIED = gettext_lazy("The organiser {name} is not verified yet: its opportunities cannot be published.")
MSG_NOT_THEIRS = gettext_lazy("Only the organiser's representative, a planner or an admin may publish its opportunities.")


def user_may_verify(user) -> bool:
    return user_is_planner(user) or user_is_luotsi(user)


def user_may_publish_for(*, user, organiser: Organiser) -> bool:
    """Whether `user` may publish for `organiser` once it is verified."""
    return user_is_planner(user) or (user is not None and user.is_authenticated and organiser.user_id == user.pk)


def opportunity_location_check(location) -> None:
    """Refuse a place outside Helsinki (areas.boundary's rule), on the location field."""
    if location is not None and not is_within_helsinki(location):
        raise ValidationError({"location": str(MSG_GEOMETRY_OUTSIDE)}, code="outside")


def opportunity_geometry_sync(*, opportunity_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in opportunity_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE volunteering_opportunity SET geometry = location WHERE id = ANY(%s)", [ids])
    located_refresh(model=Opportunity, ids=ids)


@transaction.atomic
def organiser_verify(*, organiser: Organiser, by) -> Organiser:
    if not user_may_verify(by):
        raise PermissionDenied(str(MSG_NOT_A_VERIFIER))
    organiser.verified_by = by
    organiser.verified_at = timezone.now()
    organiser.save(update_fields=["verified_by", "verified_at"])
    return organiser


@transaction.atomic
def opportunity_save(*, opportunity: Opportunity, by) -> Opportunity:
    """Check and save one opportunity; publishing it needs a verified organiser and the right person."""
    if opportunity.status == Opportunity.Status.PUBLISHED:
        organiser = opportunity.organiser
        if not user_may_publish_for(user=by, organiser=organiser):
            raise PermissionDenied(str(MSG_NOT_THEIRS))
        if not organiser.is_verified:
            raise ValidationError({"status": str(MSG_UNVERIFIED).format(name=organiser.name)}, code="unverified")
    opportunity_location_check(opportunity.location)
    opportunity.full_clean()
    opportunity.save()
    opportunity_geometry_sync(opportunity_ids=[opportunity.pk])
    return opportunity
