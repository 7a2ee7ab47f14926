"""The planner group's admin permissions (see geo_osallisuus/roles.py PLANNER_PERMISSIONS).

The set is written out here, not imported: a migration must do the same thing on
every database, whenever it runs. tests/security/test_planner_permissions.py
checks that the group's permissions equal roles.PLANNER_PERMISSIONS, so a change
there needs a new migration like this one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLANNER_PERMISSIONS = (
    "cases.view_case", "cases.change_case",
    "cases.view_caselocation", "cases.add_caselocation", "cases.change_caselocation",
    "spaces.view_space", "spaces.add_space", "spaces.change_space",
    "budgeting.view_budgetround", "budgeting.change_budgetround",
    "budgeting.view_project", "budgeting.change_project",
    "budgeting.view_proposal", "budgeting.change_proposal",
    "luotsit.view_luotsi", "luotsit.add_luotsi", "luotsit.change_luotsi",
    "areas.view_area",
    "feedback.view_service", "feedback.change_service",
)  # fmt: skip


def _permissions(apps):
    # Django makes permissions after the last migration; on a fresh database they do not exist yet.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in PLANNER_PERMISSIONS:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    planner, _created = Group.objects.get_or_create(name="planner")
    planner.permissions.set(_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for planner in Group.objects.filter(name="planner"):
        planner.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("luotsit", "0003_photo_url_city_hosts"),
        ("areas", "0005_eligible_population"),
        ("budgeting", "0003_stored_results_and_eligible_population"),
        ("cases", "0001_initial"),
        ("feedback", "0002_service_allows_water_request_media_url"),
        ("spaces", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
