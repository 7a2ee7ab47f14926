"""DRF permission classes built on geo_osallisuus.roles, for every app's API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from . import roles

MSG_PLANNERS_ONLY = _("Only planners and admins may do this.")
MSG_ADMINS_ONLY = _("Only admins may do this.")
MSG_SIGN_IN = _("Sign in to do this.")


class IsSignedIn(BasePermission):
    message = MSG_SIGN_IN

    def has_permission(self, request, view) -> bool:
        return roles.user_is_signed_in(request.user)


class IsPlanner(BasePermission):
    """Planners and admins."""

    message = MSG_PLANNERS_ONLY

    def has_permission(self, request, view) -> bool:
        return roles.user_is_planner(request.user)


class IsAdmin(BasePermission):
    message = MSG_ADMINS_ONLY

    def has_permission(self, request, view) -> bool:
        return roles.user_is_admin(request.user)


class ReadOnlyOrPlanner(BasePermission):
    """Anyone may read; planners and admins may write."""

    message = MSG_PLANNERS_ONLY

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or roles.user_is_planner(request.user)
