"""Writes of feedback: filing, routing, handling, following.

Every refusal raises django's ValidationError (or areas.geometry.GeometryError
for places) with one of the message constants below, and nothing is stored.
"""

from __future__ import annotations

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, is_within_helsinki, to_projection
from areas.selectors import area_lookup
from geo_osallisuus.roles import user_is_planner

from .models import FeedbackFollow, FeedbackRequest, Sector, Service
from .routing import feedback_route

MSG_OUTSIDE_HELSINKI = _("The location is outside Helsinki: choose a place in Helsinki.")
MSG_SERVICE_INACTIVE = _("Service {code} does not take feedback any more.")
MSG_DESCRIPTION_REQUIRED = _("Describe the matter in a few words (at least 10 characters).")
MSG_ANSWER_REQUIRED = _("A closed request needs the city's public answer.")
MSG_STATUS_BACKWARDS = _("A request moves from open to in progress to closed; it cannot go from {old} to {new}.")
MSG_NOT_HANDLER = _("Only the request's sector, planners and admins may answer it.")
MSG_ALREADY_FOLLOWING = _("You already follow this request.")
MSG_FOLLOW_CLOSED = _("This request is closed; file a new one if the matter came back.")

DESCRIPTION_MIN = 10
_ORDER = {FeedbackRequest.Status.OPEN: 0, FeedbackRequest.Status.IN_PROGRESS: 1, FeedbackRequest.Status.CLOSED: 2}


def feedback_point_check(point: Point) -> Point:
    """`point` in the projection SRID when it lies in one of Helsinki's official areas."""
    point = to_projection(point)
    if not is_within_helsinki(point) or not area_lookup(point=point).inside_helsinki:
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    return point


@transaction.atomic
def feedback_create(
    *,
    service: Service,
    description: str,
    point: Point,
    author=None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    address_string: str = "",
) -> FeedbackRequest:
    """File a request at `point` (any allowed SRID) and route it."""
    if not service.is_active:
        raise ValidationError(MSG_SERVICE_INACTIVE.format(code=service.service_code))
    description = (description or "").strip()
    if len(description) < DESCRIPTION_MIN:
        raise ValidationError(MSG_DESCRIPTION_REQUIRED)
    point = feedback_point_check(point)
    request = FeedbackRequest.objects.create(
        service=service,
        description=description,
        geometry=point,
        author=author if getattr(author, "is_authenticated", False) else None,
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        address_string=address_string.strip(),
    )
    feedback_route(ids=[request.pk])
    request.refresh_from_db()
    return request


def user_may_handle(*, user, request: FeedbackRequest) -> bool:
    """Planners and admins, and members of the request's sector."""
    if user_is_planner(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and request.sector_id
        and Sector.objects.filter(pk=request.sector_id, members=user).exists()
    )


@transaction.atomic
def feedback_set_status(*, request: FeedbackRequest, user, status: str, status_notes: str | None = None) -> FeedbackRequest:
    """Move a request forward (open → in progress → closed) with the public answer."""
    if not user_may_handle(user=user, request=request):
        raise ValidationError(MSG_NOT_HANDLER)
    request = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if _ORDER[status] < _ORDER[request.status]:
        raise ValidationError(MSG_STATUS_BACKWARDS.format(old=request.status, new=status))
    notes = request.status_notes if status_notes is None else status_notes.strip()
    if status == FeedbackRequest.Status.CLOSED and not notes:
        raise ValidationError(MSG_ANSWER_REQUIRED)
    request.status = status
    request.status_notes = notes
    request.save(update_fields=["status", "status_notes", "updated_at"])
    return request


def feedback_follow(*, request: FeedbackRequest, user) -> FeedbackFollow:
    """Follow an open request instead of filing a duplicate; once per user (a database constraint)."""
    if request.status == FeedbackRequest.Status.CLOSED:
        raise ValidationError(MSG_FOLLOW_CLOSED)
    try:
        with transaction.atomic():
            return FeedbackFollow.objects.create(request=request, user=user)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_FOLLOWING) from None


@transaction.atomic
def feedback_reroute_open() -> int:
    """Route every request that is not closed again, e.g. after the rules changed."""
    return feedback_route(status=[FeedbackRequest.Status.OPEN, FeedbackRequest.Status.IN_PROGRESS])
