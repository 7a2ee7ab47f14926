"""The names are matched through the migration's trigram indexes, not by reading every row."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.db import connection

from areas.models import Address, Area
from search.matching import name_matches
from search.terms import search_terms

INDEXED = import_module("search.migrations.0001_search_indexes").INDEXED
pytestmark = pytest.mark.django_db


def test_every_searched_name_has_its_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'search_%%'")
        found = dict(cursor.fetchall())
    for name, table, column in INDEXED:
        # The varchar column as text: the very expression search.matching.SearchNorm writes.
        assert f"search_norm(({column})::text)" in found[name].replace('"', "")
        assert "gin_trgm_ops" in found[name] and table in found[name]


@pytest.mark.parametrize(
    "model, columns, index",
    [
        (Area, ("name_fi", "name_sv"), "search_area_name_fi_trgm"),
        (Address, ("street_fi", "street_sv"), "search_address_street_fi_trgm"),
    ],
)
def test_the_match_uses_the_trigram_index(model, columns, index):
    """With sequential scans priced out (the test tables are small), the plan reads the index:
    the query's expression is the index's own."""
    queryset = name_matches(model.objects.all(), columns=columns, terms=search_terms(text="Kalliossa"))
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


def test_search_norm_lowers_and_removes_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_norm('Drumsö ÅBO Käpylä')")
        assert cursor.fetchone()[0] == "drumso abo kapyla"
