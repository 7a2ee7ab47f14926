"""The divisions the service knows from the start; admins may add more."""

from django.db import migrations

DIVISIONS = [
    # slug, fi, sv, en, parent, official, level, origin layer
    ("suurpiiri", "Suurpiiri", "Stordistrikt", "Major district", None, True, 10, "Piirijako_suurpiiri"),
    ("peruspiiri", "Peruspiiri", "Distrikt", "District", "suurpiiri", True, 20, "Piirijako_peruspiiri"),
    ("osa-alue", "Osa-alue", "Delområde", "Sub-district", "peruspiiri", True, 30, "Piirijako_osaalue"),
    ("kaupunginosa", "Kaupunginosa", "Stadsdel", "Neighbourhood", None, True, 40, "Kaupunginosajako"),
    ("asukasalue", "Asukkaiden alue", "Invånarnas område", "Resident-defined area", None, False, 50, ""),
]


def create(apps, schema_editor):
    DivisionType = apps.get_model("areas", "DivisionType")
    for slug, fi, sv, en, parent, official, level, layer in DIVISIONS:
        DivisionType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": fi,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "parent": DivisionType.objects.get(slug=parent) if parent else None,
                "is_official": official,
                "level": level,
                "origin_layer": layer,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("areas", "DivisionType").objects.filter(slug__in=[d[0] for d in DIVISIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
