"""The service's role groups (see geo_osallisuus/roles.py); staff and superusers are admins."""

from django.db import migrations

GROUPS = ("planner", "luotsi")


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    # Groups may hold members by now; leaving them is harmless.
    pass


class Migration(migrations.Migration):
    dependencies = [("luotsit", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, remove)]
