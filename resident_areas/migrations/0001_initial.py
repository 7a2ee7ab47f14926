"""Resident areas, taken over from the areas app with their tables and rows.

The tables keep their names (areas_residentarea, areas_residentareaversion):
the models are created in this app's state only, after areas 0006 removed them
from its own. Their content types (and so their permissions and admin log
entries) move with them instead of being made anew.
"""

import django.contrib.gis.db.models.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ('residentarea', 'residentareaversion')


def content_types_move(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    # A database where post_migrate already made the new ones keeps those.
    if not ContentType.objects.filter(app_label='resident_areas', model__in=MODELS).exists():
        ContentType.objects.filter(app_label='areas', model__in=MODELS).update(app_label='resident_areas')


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    if not ContentType.objects.filter(app_label='areas', model__in=MODELS).exists():
        ContentType.objects.filter(app_label='resident_areas', model__in=MODELS).update(app_label='areas')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('areas', '0006_resident_areas_moved'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ResidentArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_fi', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_sv', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=4000, verbose_name='description')),
                        ('geometry', django.contrib.gis.db.models.fields.MultiPolygonField(srid=3067, verbose_name='geometry')),
                        ('source', models.CharField(choices=[('drawn', 'drawn on the map'), ('file', 'uploaded file'), ('areas', 'union of official areas')], max_length=10, verbose_name='defined as')),
                        ('state', models.CharField(choices=[('draft', 'draft'), ('proposed', 'proposed'), ('approved', 'approved'), ('rejected', 'rejected')], default='proposed', max_length=10, verbose_name='state')),
                        ('moderation_reason', models.TextField(blank=True, max_length=2000, verbose_name='moderation reason')),
                        ('moderated_at', models.DateTimeField(blank=True, null=True, verbose_name='moderated')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('modified_at', models.DateTimeField(auto_now=True, verbose_name='modified')),
                        ('area', models.OneToOneField(blank=True, help_text='The area of the resident-area division this proposal became when approved.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resident_proposal', to='areas.area', verbose_name='area')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resident_areas', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('moderator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderated_resident_areas', to=settings.AUTH_USER_MODEL, verbose_name='moderator')),
                    ],
                    options={
                        'verbose_name': 'resident area proposal',
                        'verbose_name_plural': 'resident area proposals',
                        'ordering': ('-created_at', '-id'),
                        'db_table': 'areas_residentarea',
                        'indexes': [models.Index(fields=['state'], name='residentarea_state')],
                    },
                ),
                migrations.CreateModel(
                    name='ResidentAreaVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='version')),
                        ('geometry', django.contrib.gis.db.models.fields.MultiPolygonField(srid=3067, verbose_name='geometry')),
                        ('source', models.CharField(choices=[('drawn', 'drawn on the map'), ('file', 'uploaded file'), ('areas', 'union of official areas')], max_length=10, verbose_name='defined as')),
                        ('repaired', models.BooleanField(default=False, verbose_name='repaired')),
                        ('clipped', models.BooleanField(default=False, verbose_name='clipped to the city')),
                        ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='changed')),
                        ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('resident_area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='resident_areas.residentarea', verbose_name='resident area')),
                    ],
                    options={
                        'verbose_name': 'resident area version',
                        'verbose_name_plural': 'resident area versions',
                        'ordering': ('resident_area', 'number'),
                        'db_table': 'areas_residentareaversion',
                        'constraints': [models.UniqueConstraint(fields=('resident_area', 'number'), name='residentareaversion_unique_number')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
