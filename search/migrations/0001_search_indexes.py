"""Name matching in PostgreSQL: pg_trgm and unaccent, an immutable normaliser
and trigram indexes on the names the search box reads.

`search_norm(text)` is lower(unaccent(text)). unaccent() itself is only STABLE
(its dictionary could change), so it cannot appear in an index; fixing the
dictionary ('public.unaccent') makes the wrapper safe to declare IMMUTABLE,
the documented way to index unaccented text. The indexes live here, with the
search that needs them, although the tables belong to other apps.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

NORMALISER = """
CREATE OR REPLACE FUNCTION search_norm(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
"""

# (index name, table, column): the names each kind of hit is found by.
INDEXED = [
    ("search_area_name_fi_trgm", "areas_area", "name_fi"),
    ("search_area_name_sv_trgm", "areas_area", "name_sv"),
    ("search_address_street_fi_trgm", "areas_address", "street_fi"),
    ("search_address_street_sv_trgm", "areas_address", "street_sv"),
    ("search_space_name_fi_trgm", "spaces_space", "name_fi"),
    ("search_space_name_sv_trgm", "spaces_space", "name_sv"),
    ("search_case_title_fi_trgm", "cases_case", "title_fi"),
    ("search_case_title_sv_trgm", "cases_case", "title_sv"),
]


def index_operations():
    return [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} USING gin (search_norm({column}) gin_trgm_ops);",
            f"DROP INDEX IF EXISTS {name};",
        )
        for name, table, column in INDEXED
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_located_index_and_addresses"),
        ("spaces", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(NORMALISER, "DROP FUNCTION IF EXISTS search_norm(text);"),
        *index_operations(),
    ]
