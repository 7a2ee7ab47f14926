"""The duplicate check across the city: candidates by the text's selective terms only.

With a place, the check reads the items near it that share any of the text's
terms (areas.similar, areas.place_terms). Without one, or with a radius wider
than WIDE_RADIUS_M, "near" is most of the city, and a common term brings every
item in it: at 10x Helsinki's yearly feedback "puisto" is in 80 000 of 500 000
requests, and scoring the 100 000 that shared a term of "Katuvalo rikki
puistossa" took 1.4-2.0 s (bench/RESULTS.md, "Duplicate check"). Such a term
tells the reader least about which item is the same matter, and costs the most.

So across the city the candidates are the items sharing a *selective* term: one
that at most COMMON_ROWS items of the caller's queryset have (counted, capped,
in one query; the common terms still count in the score). Only the MAX_COUNTED
likeliest-rarest terms by the planner's statistics are counted (a 500-character
description has some 60 terms: counting them all took 320-420 ms at 10x); the
rest count as common. The rarest terms are taken first while their items
together stay within CANDIDATES_MAX, so at most that many rows are scored (the
rarest term always: it alone has at most COMMON_ROWS, no more than
CANDIDATES_MAX). A text whose every term is common cannot be compared across
the city in bounded time, nor usefully (thousands of items share "puisto"):
`PlaceNeeded`, which the API answers with a 400 asking for a place (and a radius
of at most WIDE_RADIUS_M) and the pages treat as "nothing similar to show".
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

# A term in more items than this is common: the check across the city does not look candidates up by it.
COMMON_ROWS = 1000
# At most this many candidates are scored across the city: 5-15 µs each for a title at 10x under
# load 6, 30-40 µs for a 500-character text (2 000 of them took 73-88 ms in all, 1 000 about 45).
CANDIDATES_MAX = 1000
# A radius up to this is a place: its window is read by every term (near a place a common term
# is a few hundred items). A wider one is read like the whole city. 2 km: the widest window
# (radius plus feedback's grid slack) the place-keyed index covers (areas.place_terms.MAX_CELLS).
WIDE_RADIUS_M = 2000
# At most this many of a text's terms are counted (each count 1-7 ms at 10x under load 6).
MAX_COUNTED = 8
# ANALYZE's most common elements of the terms column and their shares of the rows; a term
# not among them is rarer than all of them (statistics target 100: the 1 000 most common).
_SHARES = """
SELECT e.term, e.share FROM pg_stats s,
  unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(term, share)
WHERE s.schemaname = ANY(current_schemas(false)) AND s.tablename = %s AND s.attname = %s AND e.term = ANY(%s)
"""

MSG_PLACE_NEEDED = _(
    "The words of this text are too common to compare across the whole city: "
    "give a place, with a radius of at most {radius} metres."
)


class PlaceNeeded(Exception):
    """The text has no selective term: the check needs a place (and a radius of at most WIDE_RADIUS_M)."""

    @property
    def message(self) -> str:
        """In the language active when it is read (the API's is the request's)."""
        return str(MSG_PLACE_NEEDED).format(radius=WIDE_RADIUS_M)

    def __str__(self) -> str:
        return self.message


def likeliest_rarest(queryset: QuerySet, terms: list[str], *, terms_field: str, limit: int = MAX_COUNTED) -> list[str]:
    """The `limit` terms of `terms` the planner's statistics deem rarest in the queryset's table."""
    if len(terms) <= limit:
        return list(terms)
    column = queryset.model._meta.get_field(terms_field).column
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(_SHARES, [queryset.model._meta.db_table, column, list(terms)])
        shares = dict(cursor.fetchall())
    return rarest_first(terms, shares, limit=limit)


def rarest_first(terms: list[str], shares: dict[str, float], *, limit: int) -> list[str]:
    """The first `limit` of `terms` by their share of the rows (none known: rarest), then by the term."""
    return sorted(terms, key=lambda term: (shares.get(term, 0.0), term))[:limit]


def term_rows(queryset: QuerySet, terms: list[str], *, terms_field: str, cap: int = COMMON_ROWS) -> dict[str, int]:
    """How many items of `queryset` have each of `terms`, counted up to `cap` + 1 (one query).

    Capped, a common term costs little: PostgreSQL stops reading at the cap + 1st item
    (a sequential read finds it within a few thousand rows), a rare one is read by the GIN index.
    """
    ids = queryset.order_by().values("pk")
    parts, params = [], []
    for term in terms:
        sql, term_params = ids.filter(**{f"{terms_field}__contains": [term]})[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS c{len(parts)})")
        params.extend(term_params)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return dict(zip(terms, counts, strict=True))


def selective_terms(rows: dict[str, int], *, common_rows: int = COMMON_ROWS, candidates_max: int = CANDIDATES_MAX) -> list[str]:
    """The terms to look candidates up by: those in at most `common_rows` items, the rarest
    first (ties by the term), while their items together stay within `candidates_max`."""
    chosen, total = [], 0
    for term, count in sorted(rows.items(), key=lambda item: (item[1], item[0])):
        if count > common_rows or (chosen and total + count > candidates_max):
            break
        chosen.append(term)
        total += count
    return sorted(chosen)


def is_wide(point, radius_m: float) -> bool:
    """Whether the check reads like the whole city: no place, or a radius wider than WIDE_RADIUS_M."""
    return point is None or radius_m > WIDE_RADIUS_M
