"""Reads for accounts: users by identity, tokens, and what a resident's own page shows."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, OidcIdentity


def user_for_subject(*, issuer: str, subject: str):
    """The active user the identity service knows by `subject`, or None."""
    identity = OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is None or not identity.user.is_active:
        return None
    return identity.user


def api_token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
