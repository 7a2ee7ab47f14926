"""Writes of initiatives: filing, submitting, supporting, following, answering.

Every refusal raises django's ValidationError (or GeometryError for places)
with one of the message constants below, and nothing is stored.
"""

from __future__ import annotations

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.located import located_refresh
from feedback.models import Sector
from feedback.services import feedback_point_check
from geo_osallisuus.roles import user_is_planner
from geo_osallisuus.text import visible_length

from .kinds import initiative_kind_check
from .models import Initiative, InitiativeCategory, InitiativeFollow, InitiativeSupport

MSG_TITLE_SHORT = _("Give the initiative a title of at least 5 characters.")
MSG_TEXT_SHORT = _("Say what you propose in at least 20 characters.")
MSG_NOT_DRAFT = _("Only a draft can be submitted.")
MSG_NOT_AUTHOR = _("Only the initiative's author may do this.")
MSG_SUPPORT_OWN = _("You cannot support your own initiative.")
MSG_SUPPORT_STATE = _("Only submitted initiatives that are not answered yet can be supported.")
MSG_ALREADY_SUPPORTED = _("You already support this initiative.")
MSG_ALREADY_FOLLOWING = _("You already follow this initiative.")
MSG_FOLLOW_STATE = _("Only submitted initiatives can be followed.")
MSG_NOT_ANSWERER = _("Only the responsible sector, planners and admins may handle the initiative.")
MSG_ANSWER_REQUIRED = _("An answer needs its text.")
MSG_HANDLE_STATE = _("An initiative in the state {state} cannot move to {new}.")
MSG_WITHDRAW_STATE = _("An answered initiative cannot be withdrawn.")

OPEN_STATES = (Initiative.State.SUBMITTED, Initiative.State.IN_PREPARATION)
_HANDLING = {
    Initiative.State.SUBMITTED: (Initiative.State.IN_PREPARATION, Initiative.State.ANSWERED),
    Initiative.State.IN_PREPARATION: (Initiative.State.ANSWERED,),
}


@transaction.atomic
def initiative_create(
    *,
    author,
    title: str,
    text: str,
    category: InitiativeCategory,
    point: Point | None = None,
    youth: bool = False,
    submit: bool = True,
    about_past: bool = False,
    own_benefit: bool = False,
    pending_matter: bool = False,
) -> Initiative:
    """A resident's initiative, submitted at once unless `submit` is False (a draft).

    The three answers of `initiatives.kinds` come along: a text that is
    feedback, an application or an opinion on a pending matter is refused with
    the message that says where it belongs.
    """
    verdict = initiative_kind_check(about_past=about_past, own_benefit=own_benefit, pending_matter=pending_matter)
    if not verdict.is_initiative:
        raise ValidationError(verdict.message, code=verdict.kind)
    title, text = (title or "").strip(), (text or "").strip()
    if visible_length(title) < 5:
        raise ValidationError(MSG_TITLE_SHORT, code="title")
    if visible_length(text) < 20:
        raise ValidationError(MSG_TEXT_SHORT, code="text")
    geometry = feedback_point_check(point) if point is not None else None
    now = timezone.now()
    initiative = Initiative.objects.create(
        author=author,
        title=title,
        text=text,
        category=category,
        youth=youth,
        geometry=geometry,
        sector=category.sector,
        state=Initiative.State.SUBMITTED if submit else Initiative.State.DRAFT,
        submitted_at=now if submit else None,
    )
    located_refresh(model=Initiative, ids=[initiative.pk])
    return initiative


def initiative_submit(*, initiative: Initiative, user) -> Initiative:
    if initiative.author_id != user.pk:
        raise ValidationError(MSG_NOT_AUTHOR)
    if initiative.state != Initiative.State.DRAFT:
        raise ValidationError(MSG_NOT_DRAFT)
    initiative.state = Initiative.State.SUBMITTED
    initiative.submitted_at = timezone.now()
    initiative.save(update_fields=["state", "submitted_at", "modified_at"])
    return initiative


def initiative_withdraw(*, initiative: Initiative, user) -> Initiative:
    if initiative.author_id != user.pk:
        raise ValidationError(MSG_NOT_AUTHOR)
    if initiative.state == Initiative.State.ANSWERED:
        raise ValidationError(MSG_WITHDRAW_STATE)
    initiative.state = Initiative.State.WITHDRAWN
    initiative.save(update_fields=["state", "modified_at"])
    return initiative


def initiative_support(*, initiative: Initiative, user) -> InitiativeSupport:
    """Support an initiative: once per person, enforced by a unique constraint,
    so two requests at the same moment still make one support."""
    if initiative.author_id == user.pk:
        raise ValidationError(MSG_SUPPORT_OWN)
    if initiative.state not in OPEN_STATES:
        raise ValidationError(MSG_SUPPORT_STATE)
    try:
        with transaction.atomic():
            return InitiativeSupport.objects.create(initiative=initiative, user=user)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_SUPPORTED) from None


def initiative_follow(*, initiative: Initiative, user) -> InitiativeFollow:
    if initiative.state in (Initiative.State.DRAFT, Initiative.State.WITHDRAWN):
        raise ValidationError(MSG_FOLLOW_STATE)
    try:
        with transaction.atomic():
            return InitiativeFollow.objects.create(initiative=initiative, user=user)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_FOLLOWING) from None


def user_may_answer(*, user, initiative: Initiative) -> bool:
    """Planners and admins, and members of the initiative's sector."""
    if user_is_planner(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and initiative.sector_id
        and Sector.objects.filter(pk=initiative.sector_id, members=user).exists()
    )


@transaction.atomic
def initiative_handle(
    *, initiative: Initiative, user, state: str, answer: str = "", actions: str = "", sector: Sector | None = None
) -> Initiative:
    """The sector takes the initiative into preparation or answers it (with what was done)."""
    if not user_may_answer(user=user, initiative=initiative):
        raise ValidationError(MSG_NOT_ANSWERER)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if state not in _HANDLING.get(initiative.state, ()):
        raise ValidationError(MSG_HANDLE_STATE.format(state=initiative.state, new=state))
    answer, actions = (answer or "").strip(), (actions or "").strip()
    if state == Initiative.State.ANSWERED:
        if not answer:
            raise ValidationError(MSG_ANSWER_REQUIRED)
        initiative.answered_at = timezone.now()
    initiative.state = state
    initiative.answer = answer or initiative.answer
    initiative.actions = actions or initiative.actions
    if sector is not None:
        initiative.sector = sector
    initiative.save()
    return initiative
