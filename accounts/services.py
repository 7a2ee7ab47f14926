"""Writes for accounts: the user from the identity service's claims, and API tokens.

`user_sign_in_from_claims` is the one place that turns claims into a user:
the OIDC backend calls it on every sign-in, so the name, e-mail address,
roles and voter profile always follow what the identity service said last.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.geocoding import address_find
from budgeting.models import Voter
from geo_osallisuus import roles
from luotsit.models import Luotsi
from luotsit.services import luotsi_update

from . import claims as claim_rules
from .models import ApiToken, OidcIdentity

MSG_NO_SUBJECT = _("The identity service did not say who you are (no subject).")
MSG_TOKEN_NAME_REQUIRED = _("Give the token a name.")
MSG_TOKEN_NAME_TAKEN = _("You already have a token with that name.")

# Usernames are "oidc-" and a digest of the issuer and subject: unique per person,
# whatever characters or length the provider's subjects have.
USERNAME_PREFIX = "oidc-"
TOKEN_PREFIX = "geo_"


def _username(*, issuer: str, subject: str) -> str:
    return USERNAME_PREFIX + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:40]


def _set_group(user, name: str, member: bool) -> None:
    group = Group.objects.get_or_create(name=name)[0]
    if member:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _link_luotsi(user) -> bool:
    """Links an unlinked luotsi profile with the user's e-mail address; True if the user has one."""
    if Luotsi.objects.filter(user=user).exists():
        return True
    if not user.email:
        return False
    luotsi = Luotsi.objects.filter(user__isnull=True, erased_at__isnull=True, email__iexact=user.email).first()
    if luotsi is None:
        return False
    luotsi_update(luotsi=luotsi, user=user)
    return True


def _voter_update(user, identity: claim_rules.StrongIdentity | None) -> None:
    """Strong identification writes the voter profile; a sign-in without it changes nothing.

    A street address given with it places the home at the address register's
    point for it, or nowhere when the register lacks it (an old point would be
    a wrong one); without an address the home point stays as it was.
    """
    if identity is None:
        return
    values = {"birth_date": identity.birth_date, "is_resident": identity.is_resident}
    if identity.street_address is not None:
        address = address_find(text=identity.street_address) if identity.is_resident else None
        values["home_point"] = address.point if address is not None else None
    Voter.objects.update_or_create(user=user, defaults=values)


@transaction.atomic
def user_sign_in_from_claims(*, claims: dict[str, Any], issuer: str):
    """The user the claims describe, created on the first sign-in and brought up to date on every one.

    Roles: the role claim decides staff status (admins and planners) and the planner group;
    the luotsi group follows the claim, or a luotsi profile linked to the user
    (linked here by e-mail address when the claim says luotsi). Voter profile:
    see claims.claim_strong_identity; a resident who has moved away keeps the
    profile with is_resident false, so they can no longer vote.
    """
    subject = str(claims.get("sub") or "")
    if not subject:
        raise ValidationError(MSG_NO_SUBJECT)
    identity = OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is None:
        user = get_user_model().objects.create_user(_username(issuer=issuer, subject=subject))
        identity = OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    user = identity.user
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    user.email = str(claims.get("email") or "")[:254]
    granted = claim_rules.claim_roles(claims)
    # Planners are staff to enter the admin, where their group's permissions limit them (roles.py);
    # an admin needs no planner group, and with it would be a planner only.
    is_planner = roles.PLANNER in granted and roles.ADMIN not in granted
    user.is_staff = roles.ADMIN in granted or is_planner
    # An admin may do everything in the admin site too: staff alone has no model
    # permission there, so the role would reach an empty admin. Taken away with the claim.
    user.is_superuser = roles.ADMIN in granted
    user.save()
    _set_group(user, roles.PLANNER_GROUP, is_planner)
    has_luotsi_profile = _link_luotsi(user) if roles.LUOTSI in granted else Luotsi.objects.filter(user=user).exists()
    _set_group(user, roles.LUOTSI_GROUP, roles.LUOTSI in granted or has_luotsi_profile)
    roles.user_roles_forget(user)
    _voter_update(user, claim_rules.claim_strong_identity(claims))
    identity.last_sign_in = timezone.now()
    identity.save(update_fields=["last_sign_in"])
    return user


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned only here (only its hash is stored)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": MSG_TOKEN_NAME_REQUIRED})
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": MSG_TOKEN_NAME_TAKEN})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_token_hash(key), prefix=key[:12])
    return token, key


def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revokes one of the user's own tokens (another's is not found)."""
    token = ApiToken.objects.get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_user(*, key: str):
    """The active user of a live token, or None; marks the token used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # One write a minute at most, not one per request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
