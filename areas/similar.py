"""Similar items near a place: the duplicate check every "before you file" form shares.

Budgeting proposals, initiatives and feedback ask the same question while a
resident writes: is there already an open item that says this, near here? One
function answers it for any located model, so that the three never drift apart:

- **text** similarity is computed by PostgreSQL, 0..1, as the best of
  - pg_trgm's similarity of the whole text and its best word similarity
    (catches typos and partial words: "penkkejä" ~ "penkki"), and
  - the Dice overlap of the two texts' stemmed words, once with the Finnish and
    once with the Swedish snowball stemmer (catches inflection and word order:
    "Uusi penkki puistoon" ~ "Puiston penkit"; "bänkar i parken" ~ "ny bänk i parken");
- **place** is the shared `near()`: metres on the EPSG:3067 column. Items
  without a place of their own (a citywide proposal, an initiative without a
  point) are included when the caller asks, since they may concern any place.

The threshold (`SIMILARITY_MIN`) was chosen on the labelled near-duplicate
pairs in tests/areas/test_similar.py, which report precision and recall
(1.00 and 0.95 on 22 near-duplicate and 18 different pairs in Finnish and
Swedish). Below 0.45, pairs that share only a place name ("Koirapuisto
Herttoniemeen" / "Herttoniemen metroaseman pyöräparkki", 0.40) start to count;
the place is checked separately, by distance.
"""

from __future__ import annotations

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import FloatField, Func, QuerySet, Value
from django.db.models.functions import Greatest

from .geometry import to_projection

# Scores at least this high count as "similar" (see the module docstring).
SIMILARITY_MIN = 0.45
SIMILAR_RADIUS_M = 1000
SIMILAR_LIMIT = 10


class StemDice(Func):
    """Dice coefficient of the stemmed words of `expression` and `text` under one
    text-search configuration: 2·|A∩B| / (|A| + |B|), 0 when either has none."""

    output_field = FloatField()
    template = (
        "(SELECT CASE WHEN cardinality(a.w) + cardinality(b.w) = 0 THEN 0.0 ELSE "
        "2.0 * cardinality(ARRAY(SELECT unnest(a.w) INTERSECT SELECT unnest(b.w))) "
        "/ (cardinality(a.w) + cardinality(b.w)) END "
        "FROM (SELECT tsvector_to_array(to_tsvector(%(config)s::regconfig, COALESCE(%(expressions)s, ''))) AS w) a, "
        "(SELECT tsvector_to_array(to_tsvector(%(config)s::regconfig, %(text)s))) AS b(w))"
    )

    def __init__(self, expression, text: str, config: str):
        if config not in ("finnish", "swedish"):
            raise ValueError(f"Unknown text-search configuration {config!r}.")
        super().__init__(expression, Value(text))
        self.config = config

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        text_sql, text_params = compiler.compile(self.source_expressions[1])
        sql = self.template % {"config": "%s", "expressions": field_sql, "text": text_sql}
        return sql, (self.config, *field_params, self.config, *text_params)


def text_similarity(field: str, text: str) -> Greatest:
    """0..1: how much the column `field` resembles `text` (trigrams and stems, Finnish and Swedish)."""
    return Greatest(
        TrigramSimilarity(field, text),
        TrigramWordSimilarity(text, field),
        StemDice(field, text, "finnish"),
        StemDice(field, text, "swedish"),
        output_field=FloatField(),
    )


def similar_items(
    queryset: QuerySet,
    *,
    text: str,
    field: str = "title",
    point: Point | None = None,
    radius_m: float = SIMILAR_RADIUS_M,
    include_unplaced: bool = True,
    place_field: str = "geometry",
    limit: int = SIMILAR_LIMIT,
    min_similarity: float = SIMILARITY_MIN,
) -> list:
    """Items of `queryset` (a LocatedQuerySet the caller has already narrowed to
    open items) whose `field` resembles `text`, most similar first.

    Each has `similarity` annotated; given `point` (any allowed SRID), only those
    within `radius_m` metres, each with `distance`, plus with `include_unplaced`
    the ones that have no geometry at all. Ties: nearer first, then lower id.

    `place_field` measures from another geometry column or annotation than the
    item's own (feedback measures from its public, rounded point).
    """
    text = " ".join(text.split())[:500]
    scored = queryset.annotate(similarity=text_similarity(field, text)).filter(similarity__gte=min_similarity)
    if point is None:
        return list(scored.order_by("-similarity", "pk")[:limit])
    if place_field == "geometry":
        nearby = list(scored.near(point, radius_m)[:limit])
    else:
        point = to_projection(point)
        nearby = list(
            scored.filter(**{f"{place_field}__dwithin": (point, D(m=radius_m))})
            .annotate(distance=Distance(place_field, point))
            .order_by("distance", "pk")[:limit]
        )
    unplaced = list(scored.located(False).order_by("-similarity", "pk")[:limit]) if include_unplaced else []
    found = sorted(
        nearby + unplaced,
        key=lambda item: (-item.similarity, item.distance.m if getattr(item, "distance", None) is not None else 0, item.pk),
    )
    return found[:limit]
