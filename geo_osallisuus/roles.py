"""The service's roles, defined once for every app.

| role      | who                                                       |
| --------- | --------------------------------------------------------- |
| anonymous | nobody signed in                                          |
| resident  | anyone signed in who has none of the roles below          |
| luotsi    | a member of the Django group "luotsi" (stadi-/yritysluotsi) |
| planner   | a member of the Django group "planner"                    |
| admin     | a superuser, or a staff member outside the planner group  |

Roles are ranked: an admin may do whatever a planner may, a planner whatever a
resident may. Being a luotsi is not a rank above planner: it is the right to
edit one's own luotsi profile and handle one's own areas' queues, which apps
check with the object (``luotsi.user == request.user``), not with this module.

Planners are staff, so that they may enter the admin site, where the planner
group's permissions (PLANNER_PERMISSIONS) limit what they see and change; being
staff does not make them admins. The sign-in service and the demo users set
is_staff for planners.

The groups are created by the luotsit app's migration 0002_role_groups. The
functions here make no query at import time and at most one query per call
(the user's group names, cached on the user object for the request).
"""

from __future__ import annotations

from typing import Any

PLANNER_GROUP = "planner"
LUOTSI_GROUP = "luotsi"
ROLE_GROUPS = (PLANNER_GROUP, LUOTSI_GROUP)

# What planners may do in the admin site ("app_label.codename"). Never users, groups,
# API tokens, sign-in records or recounts: those are the admins'. Migrations give the
# group exactly this set (luotsit 0004_planner_permissions, 0005_planner_import_permissions); a test checks the two agree,
# so a change here needs a new migration.
PLANNER_PERMISSIONS = frozenset(
    {
        # Cases: place unlocated ones and correct where the geolocator put them.
        "cases.view_case", "cases.change_case",
        "cases.view_caselocation", "cases.add_caselocation", "cases.change_caselocation",
        "spaces.view_space", "spaces.add_space", "spaces.change_space",
        # Budgeting: the admin's forms and budgeting.services keep the rounds' rules.
        "budgeting.view_budgetround", "budgeting.change_budgetround",
        "budgeting.view_project", "budgeting.change_project",
        "budgeting.view_proposal", "budgeting.change_proposal",
        # Luotsit and their areas (the areas are a field of the luotsi).
        "luotsit.view_luotsi", "luotsit.add_luotsi", "luotsit.change_luotsi",
        "areas.view_area",
        "feedback.view_service", "feedback.change_service",
        # Imports from the admin's upload page (preview, then import) and their history.
        "imports.view_importrun", "imports.add_importrun",
        # Area events and volunteering (their 0002_planner_permissions): planners verify organisers.
        "events.view_areaevent", "events.add_areaevent", "events.change_areaevent",
        "volunteering.view_organiser", "volunteering.add_organiser", "volunteering.change_organiser",
        "volunteering.view_opportunity", "volunteering.add_opportunity", "volunteering.change_opportunity",
    }
)  # fmt: skip

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
    """Superusers, and staff members who are not planners (planners are staff only to enter the admin)."""
    if not user_is_signed_in(user):
        return False
    return bool(user.is_superuser or (user.is_staff and PLANNER_GROUP not in _group_names(user)))


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
