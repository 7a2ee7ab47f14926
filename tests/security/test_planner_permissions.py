"""The planner group's admin permissions, given by a migration, are the roles module's list."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from geo_osallisuus import roles

pytestmark = pytest.mark.django_db


def test_the_migrated_planner_group_has_exactly_the_roles_modules_permissions():
    planner = Group.objects.get(name=roles.PLANNER_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in planner.permissions.select_related("content_type")}
    assert granted == roles.PLANNER_PERMISSIONS


def test_planners_are_never_given_the_admins_models():
    apps = {name.split(".")[0] for name in roles.PLANNER_PERMISSIONS}
    assert apps.isdisjoint({"auth", "accounts", "axes"})
    assert not any(name.endswith("_resultrecount") or name.endswith("_roundresult") for name in roles.PLANNER_PERMISSIONS)
