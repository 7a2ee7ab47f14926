"""What the identity service's claims say about a person, read by the rules in settings.

Pure functions over the claims dictionary (ID token and userinfo merged):
which roles the person has, and what strong identification tells (birth
date, home municipality). Every claim name and role value is a setting, so
the service follows the provider's shape (Keycloak: "groups" or a dotted
path such as "realm_access.roles").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from geo_osallisuus.roles import ADMIN, LUOTSI, PLANNER


def claim_value(claims: dict[str, Any], path: str) -> Any:
    """The claim at a dotted path ("realm_access.roles"), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def claim_roles(claims: dict[str, Any]) -> frozenset[str]:
    """The service roles (luotsi, planner, admin) the role claim grants."""
    raw = claim_value(claims, settings.OIDC_ROLES_CLAIM)
    if isinstance(raw, str):
        raw = [raw]
    values = {str(item) for item in raw} if isinstance(raw, (list, tuple)) else set()
    mapping = {
        LUOTSI: settings.OIDC_LUOTSI_ROLES,
        PLANNER: settings.OIDC_PLANNER_ROLES,
        ADMIN: settings.OIDC_ADMIN_ROLES,
    }
    return frozenset(role for role, granted_by in mapping.items() if values & set(granted_by))


@dataclass(frozen=True)
class StrongIdentity:
    """What strong identification told: the birth date, whether the home is in the city,
    and the home's street address when the sign-in carried one ("Mannerheimintie 5")."""

    birth_date: date
    is_resident: bool
    street_address: str | None = None


def claim_strong_identity(claims: dict[str, Any]) -> StrongIdentity | None:
    """The birth date and residency, or None when the sign-in carried no valid birth date
    (a sign-in without strong identification tells nothing about either)."""
    raw = claim_value(claims, settings.OIDC_BIRTHDATE_CLAIM)
    try:
        birth_date = date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        birth_date = None
    if birth_date is None:
        return None
    municipality = claim_value(claims, settings.OIDC_MUNICIPALITY_CLAIM)
    home = {value.casefold() for value in settings.OIDC_HOME_MUNICIPALITIES}
    is_resident = municipality is not None and str(municipality).strip().casefold() in home
    address = claim_value(claims, settings.OIDC_ADDRESS_CLAIM)
    street_address = str(address).strip() if isinstance(address, str) and address.strip() else None
    return StrongIdentity(birth_date=birth_date, is_resident=is_resident, street_address=street_address)
