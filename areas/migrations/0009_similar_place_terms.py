# The SQL function the duplicate check's place-keyed index is built on (areas.place_terms).

from django.db import migrations

from areas.place_terms import DROP_SQL, FUNCTION_SQL


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0008_membership_lean_indexes'),
    ]

    operations = [
        migrations.RunSQL(FUNCTION_SQL, DROP_SQL),
    ]
