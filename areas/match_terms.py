"""The words of an item reduced to what they mean, once, for the duplicate check.

`match_terms(text)` turns "Leikkipuistoon Lauttasaaressa uudet keinut, Itäväylä 12 A"
into a sorted list of terms that do not depend on inflection, compounding or language:

- a Finnish word Voikko knows gives its base forms and, for a compound, its
  parts ("leikkipuistoon" -> leikkipuisto, leikki, puisto);
- any other word gives its Swedish snowball stem ("bänkarna" -> bänk), from
  PostgreSQL's own dictionary so that nothing here differs from the database;
- stop words of either language and FILLER words give nothing ("ja", "och", "lisää");
- a word (or base form) that names an area in Finnish or Swedish also gives the
  place term "@" + the area's Finnish name, and nothing else: "Lauttasaaressa"
  and "Drumsö" both give "@lauttasaari" (the areas' own name_fi / name_sv, no
  table of our own), and the parts "lautta" and "saari" do not count;
- a number gives "#" + its digits without leading zeros ("012" -> "#12"),
  so house numbers and "nro 5" meet "5".

The terms are stored with each item at write time (a text[] column with a GIN
index) and the query text is reduced the same way, so the check is one indexed
query (areas.similar).
"""

from __future__ import annotations

import re

from django.db import connection

from geo_osallisuus.finnish import base_forms, compound_parts

PLACE_PREFIX = "@"
NUMBER_PREFIX = "#"
# Parts shorter than this ("itä", "uusi" are kept; "la" is noise) are not terms.
MIN_PART = 3
MAX_WORDS = 200
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that ask for something rather than say what ("lisää penkkejä", "fler bänkar"):
# every request has them, so sharing them says nothing. Base forms and plain words.
FILLER = frozenset({"lisä", "lisätä", "lisää", "uusi", "enemmän", "parempi", "fler", "ny", "nya", "mer", "bättre"})

# One round trip: stop words and Swedish stems for every word, and the areas any of the
# candidate names (words, their base forms given, their Swedish stems) is the Finnish or
# Swedish name of. Rows ("w", word, stop, stem, NULL) and ("p", name, NULL, NULL, area).
_LEXIZE_AND_PLACES = """
WITH w AS (
  SELECT w, ts_lexize('finnish_stem', w) = '{}' AS fi_stop, ts_lexize('swedish_stem', w) AS sv_stem
  FROM unnest(%s::text[]) AS w
), c AS (SELECT unnest(%s::text[]) AS c UNION SELECT unnest(sv_stem) FROM w)
SELECT 'w', w, fi_stop, sv_stem, NULL FROM w
UNION ALL
SELECT DISTINCT 'p', c.c, NULL::boolean, NULL::text[], lower(a.name_fi) FROM areas_area a, c
WHERE lower(a.name_fi) = c.c OR lower(a.name_sv) = c.c
"""


def words(text: str) -> list[str]:
    """The lower-case words and numbers of `text`, in order, at most MAX_WORDS."""
    return [w.lower() for w in WORD.findall(text or "")][:MAX_WORDS]


def match_terms(text: str) -> list[str]:
    """The sorted, distinct match terms of `text` (see the module docstring)."""
    found = words(text)
    if not found:
        return []
    terms: set[str] = set()
    letters = [w for w in dict.fromkeys(found) if not w.isdigit()]
    terms.update(NUMBER_PREFIX + (w.lstrip("0") or "0") for w in found if w.isdigit())
    if not letters:
        return sorted(terms)
    bases = {w: base_forms(w) for w in letters}
    lexized: dict[str, tuple[bool, list[str] | None]] = {}
    places: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_LEXIZE_AND_PLACES, [letters, sorted(set(letters).union(*bases.values()))])
        for kind, name, fi_stop, sv_stem, area in cursor.fetchall():
            if kind == "w":
                lexized[name] = (fi_stop, sv_stem)
            else:
                places.setdefault(name, set()).add(PLACE_PREFIX + area)
    for word in letters:
        fi_stop, sv_stem = lexized[word]
        named = set().union(*(places.get(name, ()) for name in (word, *bases[word], *(sv_stem or ()))))
        if named:  # a place name means the place, whatever its parts ("lautta", "saari") say
            terms.update(named)
            continue
        if fi_stop or sv_stem == [] or word in FILLER or bases[word] & FILLER:
            continue
        if bases[word]:
            terms.update(bases[word])
            terms.update(part for part in compound_parts(word) if len(part) >= MIN_PART)
        elif sv_stem:
            terms.update(sv_stem)
        else:
            terms.add(word)
    return sorted(terms)
