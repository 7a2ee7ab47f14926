"""The planner group's admin permissions on events (see geo_osallisuus/roles.py PLANNER_PERMISSIONS).

Written out, not imported, as in luotsit 0004: a migration does the same thing
whenever it runs. Added to the group, never set: the other apps' rows stay.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLANNER_PERMISSIONS = (
    "events.view_areaevent", "events.add_areaevent", "events.change_areaevent",
)


def _permissions(apps):
    # Django makes permissions after the last migration; on a fresh database they do not exist yet.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=name.split(".")[0], codename=name.split(".")[1])
        for name in PLANNER_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    planner, _created = Group.objects.get_or_create(name="planner")
    planner.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for planner in Group.objects.filter(name="planner"):
        planner.permissions.remove(*Permission.objects.filter(content_type__app_label="events"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("luotsit", "0004_planner_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
