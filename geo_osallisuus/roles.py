"""The service's roles, defined once for every app.

| role      | who                                                       |
| --------- | --------------------------------------------------------- |
| anonymous | nobody signed in                                          |
| resident  | anyone signed in who has none of the roles below          |
| luotsi    | a member of the Django group "luotsi" (stadi-/yritysluotsi) |
| planner   | a member of the Django group "planner"                    |
| admin     | a staff member or superuser                               |

Roles are ranked: an admin may do whatever a planner may, a planner whatever a
resident may. Being a luotsi is not a rank above planner: it is the right to
edit one's own luotsi profile and handle one's own areas' queues, which apps
check with the object (``luotsi.user == request.user``), not with this module.

The groups are created by the luotsit app's migration 0002_role_groups. The
functions here make no query at import time and at most one query per call
(the user's group names, cached on the user object for the request).
"""

from __future__ import annotations

from typing import Any

PLANNER_GROUP = "planner"
LUOTSI_GROUP = "luotsi"
ROLE_GROUPS = (PLANNER_GROUP, LUOTSI_GROUP)

ANONYMOUS = "anonymous"
RESIDENT = "resident"
LUOTSI = "luotsi"
PLANNER = "planner"
ADMIN = "admin"

_CACHE_ATTRIBUTE = "_geo_role_groups"


def _group_names(user: Any) -> frozenset[str]:
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def user_is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def user_is_admin(user: Any) -> bool:
    """Staff members and superusers."""
    return user_is_signed_in(user) and bool(user.is_staff or user.is_superuser)


def user_is_planner(user: Any) -> bool:
    """Planners, and admins (who may do whatever a planner may)."""
    return user_is_admin(user) or (user_is_signed_in(user) and PLANNER_GROUP in _group_names(user))


def user_is_luotsi(user: Any) -> bool:
    """Members of the luotsi group (whether or not a luotsi profile is linked yet)."""
    return user_is_signed_in(user) and LUOTSI_GROUP in _group_names(user)


def user_role(user: Any) -> str:
    """The user's highest role: admin, planner, luotsi, resident or anonymous."""
    if not user_is_signed_in(user):
        return ANONYMOUS
    if user_is_admin(user):
        return ADMIN
    if PLANNER_GROUP in _group_names(user):
        return PLANNER
    if LUOTSI_GROUP in _group_names(user):
        return LUOTSI
    return RESIDENT


def user_roles_forget(user: Any) -> None:
    """Drop the cached group names, e.g. after adding the user to a group."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
