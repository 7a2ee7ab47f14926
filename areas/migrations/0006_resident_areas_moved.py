"""Resident areas moved to the resident_areas app (its 0001 takes them over).

State only: the tables and their rows stay where they are, under their old names.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0005_eligible_population'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ResidentAreaVersion'),
                migrations.DeleteModel(name='ResidentArea'),
            ],
            database_operations=[],
        ),
    ]
