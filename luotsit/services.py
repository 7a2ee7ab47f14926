"""Writes to luotsit, each in a transaction: create, update, areas, deactivate, erase."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from geo_osallisuus import roles

from .models import Luotsi

MSG_ALREADY_ERASED = _("This luotsi's personal data has already been erased.")
MSG_USER_TAKEN = _("That user account is already linked to another luotsi.")

# Fields a luotsi may change in their own profile; the rest is for planners and admins.
OWNER_FIELDS = frozenset(
    {
        "name",
        "title_fi",
        "title_sv",
        "title_en",
        "email",
        "phone",
        "photo_url",
        "languages",
        "publish_email",
        "publish_phone",
        "publish_photo",
    }
)
MANAGER_FIELDS = OWNER_FIELDS | {"role", "is_active", "active_from", "active_to", "user"}


def _check_user(user, luotsi: Luotsi | None) -> None:
    if user is None:
        return
    taken = Luotsi.objects.filter(user=user)
    if luotsi is not None:
        taken = taken.exclude(pk=luotsi.pk)
    if taken.exists():
        raise ValidationError(MSG_USER_TAKEN)


def _link_user(user) -> None:
    """A linked account gets the luotsi role."""
    if user is not None:
        user.groups.add(Group.objects.get_or_create(name=roles.LUOTSI_GROUP)[0])
        roles.user_roles_forget(user)


@transaction.atomic
def luotsi_create(*, areas: Iterable[Area] = (), **values: Any) -> Luotsi:
    unknown = set(values) - MANAGER_FIELDS
    if unknown:
        raise TypeError(f"luotsi_create() got unexpected fields {sorted(unknown)}")
    _check_user(values.get("user"), None)
    luotsi = Luotsi(**values)
    luotsi.full_clean()
    luotsi.save()
    luotsi.areas.set(areas)
    _link_user(luotsi.user)
    return luotsi


@transaction.atomic
def luotsi_update(*, luotsi: Luotsi, fields: frozenset[str] = MANAGER_FIELDS, **values: Any) -> Luotsi:
    """Set `values` on `luotsi`; `fields` are the ones the caller may change."""
    unknown = set(values) - fields
    if unknown:
        raise TypeError(f"luotsi_update() may not change {sorted(unknown)}")
    luotsi = Luotsi.objects.select_for_update().get(pk=luotsi.pk)
    if luotsi.erased_at is not None:
        raise ValidationError(MSG_ALREADY_ERASED)
    if "user" in values:
        _check_user(values["user"], luotsi)
    for name, value in values.items():
        setattr(luotsi, name, value)
    luotsi.full_clean()
    luotsi.save()
    if "user" in values:
        _link_user(luotsi.user)
    return luotsi


@transaction.atomic
def luotsi_set_areas(*, luotsi: Luotsi, areas: Iterable[Area]) -> Luotsi:
    if luotsi.erased_at is not None:
        raise ValidationError(MSG_ALREADY_ERASED)
    luotsi.areas.set(areas)
    return luotsi


@transaction.atomic
def luotsi_deactivate(*, luotsi: Luotsi, on: datetime.date | None = None) -> Luotsi:
    """The luotsi has left: inactive from `on` (today); areas stay linked as history."""
    day = on or timezone.localdate()
    luotsi = Luotsi.objects.select_for_update().get(pk=luotsi.pk)
    luotsi.is_active = False
    if luotsi.active_to is None or luotsi.active_to > day:
        luotsi.active_to = max(day, luotsi.active_from) if luotsi.active_from else day
    luotsi.save(update_fields=["is_active", "active_to", "modified_at"])
    return luotsi


@transaction.atomic
def luotsi_erase(*, luotsi: Luotsi) -> Luotsi:
    """Erase the luotsi's personal data on request, keeping the row and its areas.

    Name, contacts, photo, languages and the account link are blanked, every
    publication flag is cleared, the luotsi is deactivated and `erased_at` is
    set. The role, title, active period and areas served remain, so that the
    history of who served where (as "erased luotsi #id") is not broken.
    """
    luotsi = luotsi_deactivate(luotsi=luotsi)
    if luotsi.erased_at is not None:
        raise ValidationError(MSG_ALREADY_ERASED)
    luotsi.name = ""
    luotsi.email = ""
    luotsi.phone = ""
    luotsi.photo_url = ""
    luotsi.languages = []
    luotsi.publish_email = luotsi.publish_phone = luotsi.publish_photo = False
    luotsi.user = None
    luotsi.erased_at = timezone.now()
    luotsi.save()
    return luotsi
