"""What a search text may mean: its words as typed and in their base forms.

"Lauttasaaressa" is Lauttasaari (Finnish, from Voikko: geo_osallisuus.finnish);
"Drumsös" is Drumsö (Swedish, PostgreSQL's snowball stem, matched as a prefix).
Every form is normalised by the database's own `search_norm` (lower case,
accents removed: the migration's function), so the text and the indexed names
are compared in one way.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.db import connection

from geo_osallisuus.finnish import base_forms

# More combinations than this of a many-word text add nothing but SQL.
MAX_VARIANTS = 8
# A text ending in a house number: "Mannerheimintie 5", "Mannerheimvägen 5 B".
_ADDRESS = re.compile(r"^(?P<street>.*?\D)\s*(?P<number>\d{1,4}(?:\s?[a-zA-Z])?)$")


@dataclass(frozen=True)
class SearchTerms:
    text: str
    # The whole text in each combination of its words' forms, typed form first.
    variants: tuple[str, ...]
    # Swedish stems of the whole text, matched only as the start of a name.
    stems: tuple[str, ...]
    # For a text that ends in a house number: the street's variants and the number.
    street_variants: tuple[str, ...] = ()
    house_number: str = ""


def _normalised(words: list[str]) -> dict[str, tuple[str, str]]:
    """Each word -> (search_norm(word), search_norm(its Swedish stem)), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, search_norm(w), search_norm(coalesce((ts_lexize('swedish_stem', lower(w)))[1], w))"
            " FROM unnest(%s::text[]) AS w",
            [words],
        )
        return {word: (norm, stem) for word, norm, stem in cursor.fetchall()}


def _combinations(words: list[str], forms: dict[str, list[str]]) -> tuple[str, ...]:
    combos = itertools.islice(itertools.product(*(forms[w] for w in words)), MAX_VARIANTS)
    return tuple(dict.fromkeys(" ".join(c) for c in combos))


def search_terms(*, text: str) -> SearchTerms:
    """The forms of `text` to look for (see the module's docstring)."""
    text = " ".join(text.split())
    words = text.split(" ")
    match = _ADDRESS.match(text)
    # The street's words are not always the text's: "Mannerheimintie5" has the word
    # "Mannerheimintie5" and the street "Mannerheimintie".
    street_words = match.group("street").split() if match and match.group("street").strip() else []
    every_word = list(dict.fromkeys([*words, *street_words]))
    finnish = {w: sorted(base_forms(w)) for w in every_word}
    normalised = _normalised(sorted({*every_word, *itertools.chain.from_iterable(finnish.values())}))
    forms = {w: list(dict.fromkeys([normalised[w][0], *(normalised[f][0] for f in finnish[w])])) for w in every_word}
    stems = {w: [normalised[w][1]] for w in words}
    terms = SearchTerms(text=text, variants=_combinations(words, forms), stems=_combinations(words, stems))
    if street_words:
        return SearchTerms(
            text=terms.text,
            variants=terms.variants,
            stems=terms.stems,
            street_variants=_combinations(street_words, forms),
            house_number=match.group("number").replace(" ", "").lower(),
        )
    return terms
