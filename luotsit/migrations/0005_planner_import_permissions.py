"""Planners may run imports from the admin and read their history (roles.PLANNER_PERMISSIONS).

Adds the two permissions to the planner group that 0004_planner_permissions made;
tests/security/test_planner_permissions.py checks the group equals the roles' set.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IMPORT_PERMISSIONS = ("view_importrun", "add_importrun")


def _permissions(apps):
    # Django makes permissions after the last migration; on a fresh database they do not exist yet.
    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label="imports", codename=name) for name in IMPORT_PERMISSIONS]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    planner, _created = Group.objects.get_or_create(name="planner")
    planner.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    found = Permission.objects.filter(content_type__app_label="imports", codename__in=IMPORT_PERMISSIONS)
    for planner in Group.objects.filter(name="planner"):
        planner.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("luotsit", "0004_planner_permissions"),
        ("imports", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
