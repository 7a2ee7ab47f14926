"""Who may write what in the luotsit API (roles from geo_osallisuus.roles)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from geo_osallisuus import roles
from geo_osallisuus.permissions import MSG_PLANNERS_ONLY

MSG_OWN_PROFILE_ONLY = _("A luotsi may edit only their own profile; planners and admins manage luotsit.")


def user_owns_luotsi(user, luotsi) -> bool:
    return roles.user_is_signed_in(user) and luotsi.user_id is not None and luotsi.user_id == user.pk


class LuotsiPermission(BasePermission):
    """Anyone reads published cards; planners and admins create and manage;
    a luotsi edits their own profile (the fields in services.OWNER_FIELDS)."""

    message = MSG_PLANNERS_ONLY

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action == "create":
            return roles.user_is_planner(request.user)
        return roles.user_is_signed_in(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS or roles.user_is_planner(request.user):
            return True
        if view.action in ("update", "partial_update") and user_owns_luotsi(request.user, obj):
            return True
        self.message = MSG_OWN_PROFILE_ONLY if view.action in ("update", "partial_update") else MSG_PLANNERS_ONLY
        return False
