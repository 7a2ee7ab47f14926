"""Name matching in SQL: `search_norm(column)` against the search terms.

Every comparison uses the trigram-indexed expression `search_norm(column)`
(migrations/0001), so PostgreSQL finds candidates through the GIN indexes:
LIKE '%form%' and the word-similarity operator (%>) both use gin_trgm_ops.

The score of a name, best of its columns and the text's forms:
  1.0 the whole name, 0.9 the start of the name, 0.75 the start of a word in
  it, 0.8 the start of the name for a Swedish stem ("drumsös" -> "drums"),
  else 0.6 x pg_trgm's word similarity (a typo: "Kalio" -> Kallio).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Greatest

from .terms import SearchTerms

# Shorter forms match only as the start of a name: a trigram needs three letters.
MIN_CONTAINS_LENGTH = 3


class NormalisedText(TextField):
    """search_norm()'s text, with pg_trgm's %> lookup (django.contrib.postgres
    registers it only as an installed app, which this project is not)."""


NormalisedText.register_lookup(TrigramWordSimilar)


class SearchNorm(Func):
    function = "search_norm"
    output_field = NormalisedText()


def _greatest(expressions: list):
    return expressions[0] if len(expressions) == 1 else Greatest(*expressions)


def _column_score(column: str, terms: SearchTerms):
    alias = F(f"_norm_{column}")
    scores = []
    for form in terms.variants:
        whens = [When(**{f"_norm_{column}": form}, then=Value(1.0)),
                 When(**{f"_norm_{column}__startswith": form}, then=Value(0.9))]
        if len(form) >= MIN_CONTAINS_LENGTH:
            whens.append(When(**{f"_norm_{column}__contains": " " + form}, then=Value(0.75)))
            whens.append(When(**{f"_norm_{column}__contains": "-" + form}, then=Value(0.75)))
            default = TrigramWordSimilarity(Value(form), alias) * Value(0.6)
        else:
            default = Value(0.0)
        scores.append(Case(*whens, default=default, output_field=FloatField()))
    for stem in terms.stems:
        if len(stem) >= MIN_CONTAINS_LENGTH:
            scores.append(Case(When(**{f"_norm_{column}__startswith": stem}, then=Value(0.8)),
                               default=Value(0.0), output_field=FloatField()))
    return _greatest(scores)


def _column_filter(column: str, terms: SearchTerms) -> Q:
    conditions = []
    for form in terms.variants:
        if len(form) >= MIN_CONTAINS_LENGTH:
            conditions.append(Q(**{f"_norm_{column}__contains": form}))
            conditions.append(Q(**{f"_norm_{column}__trigram_word_similar": form}))
        else:
            conditions.append(Q(**{f"_norm_{column}__startswith": form}))
    conditions += [Q(**{f"_norm_{column}__startswith": s}) for s in terms.stems if len(s) >= MIN_CONTAINS_LENGTH]
    return reduce(or_, conditions)


def name_matches(queryset: QuerySet, *, columns: tuple[str, ...], terms: SearchTerms) -> QuerySet:
    """The rows of `queryset` whose `columns` match `terms`, with `search_score`, best first."""
    queryset = queryset.alias(**{f"_norm_{c}": SearchNorm(c) for c in columns})
    matched = reduce(or_, [_column_filter(c, terms) for c in columns])
    score = _greatest([_column_score(c, terms) for c in columns])
    return queryset.filter(matched).annotate(search_score=score).order_by("-search_score")
