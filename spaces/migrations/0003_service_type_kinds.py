"""The service map's playground types; more are added in the admin."""

from django.db import migrations

# ServiceTypeID of the layer palvelukartta_julkinen: 69 staffed playgrounds
# (leikkipuisto), 70 playgrounds in parks (leikkipaikka).
KINDS = ((69, "playground", "Leikkipuisto"), (70, "playground", "Leikkipaikka"))


def create(apps, schema_editor):
    ServiceTypeKind = apps.get_model("spaces", "ServiceTypeKind")
    for service_type, kind, label in KINDS:
        ServiceTypeKind.objects.get_or_create(service_type=service_type, defaults={"kind": kind, "label": label})


def remove_kinds(apps, schema_editor):
    apps.get_model("spaces", "ServiceTypeKind").objects.filter(service_type__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("spaces", "0002_kind_by_hand_service_types")]

    operations = [migrations.RunPython(create, remove_kinds)]
