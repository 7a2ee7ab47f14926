"""Proposals and projects become located content (areas.located.LocatedItem).

Existing rows keep their `location`; their new `geometry` is that point, or,
without one, their budget area's shape a metre inside its boundary (the item
concerns the whole area but not its neighbours; see
budgeting.services.budget_item_geometry_sync), or
nothing for an all-Helsinki item without a point. Then their rows of the area
index are written. The SQL is a copy of areas.located's, frozen here so that
this migration means the same whatever that module becomes. Reversible: going
back drops the geometry and the index rows; `location` was never touched.
"""

import django.contrib.gis.db.models.fields
from django.db import migrations

TABLES = {"proposal": "budgeting_proposal", "project": "budgeting_project"}

FILL_GEOMETRY = """
    UPDATE {table} item SET geometry = COALESCE(
        item.location, (SELECT ST_Buffer(area.geometry, -1.0) FROM areas_area area WHERE area.id = item.area_id)
    )
"""

INDEX = """
    INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers)
    SELECT %s, item.id, area.id, area.division_id, ST_Covers(area.geometry, item.geometry)
    FROM {table} item
    JOIN areas_area area ON ST_Intersects(area.geometry, item.geometry)
    WHERE item.geometry IS NOT NULL AND NOT ST_IsEmpty(item.geometry)
"""


def _content_type_id(apps, model: str) -> int:
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="budgeting", model=model)[0].pk


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for model, table in TABLES.items():
            content_type = _content_type_id(apps, model)
            cursor.execute(FILL_GEOMETRY.format(table=table))
            cursor.execute("DELETE FROM areas_areamembership WHERE content_type_id = %s", [content_type])
            cursor.execute(INDEX.format(table=table), [content_type])


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for model in TABLES:
            cursor.execute(
                "DELETE FROM areas_areamembership WHERE content_type_id = %s", [_content_type_id(apps, model)]
            )


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0001_initial'),
        ('areas', '0003_located_index_and_addresses'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='geometry',
            field=django.contrib.gis.db.models.fields.GeometryField(blank=True, help_text="Where the item is; empty while nobody has placed it. Written only by the item's services.", null=True, srid=3067, verbose_name='geometry'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='geometry',
            field=django.contrib.gis.db.models.fields.GeometryField(blank=True, help_text="Where the item is; empty while nobody has placed it. Written only by the item's services.", null=True, srid=3067, verbose_name='geometry'),
        ),
        migrations.AlterField(
            model_name='project',
            name='location',
            field=django.contrib.gis.db.models.fields.PointField(blank=True, help_text='The point given for it, if any; its geometry follows from it.', null=True, srid=3067, verbose_name='location'),
        ),
        migrations.AlterField(
            model_name='proposal',
            name='location',
            field=django.contrib.gis.db.models.fields.PointField(blank=True, help_text='The point given for it, if any; its geometry follows from it.', null=True, srid=3067, verbose_name='location'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
