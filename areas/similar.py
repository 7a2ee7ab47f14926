"""Similar items near a place: the duplicate check every "before you file" form shares.

Budgeting proposals, initiatives and feedback ask the same question while a
resident writes: is there already an item that says this, near here? One
function answers it for any located model, so that the three never drift apart:

- **terms**: each item stores its text's match terms (areas.match_terms:
  Finnish base forms and compound parts through Voikko, Swedish stems, numbers,
  and "@place" terms that make "Lauttasaari" and "Drumsö" the same) in a text[]
  column with a GIN index, kept at every save (`keep_match_terms`). The query
  text is reduced the same way; candidates are the items sharing a term (the
  GIN index), so the check is one indexed query, never a loop over items. A
  model with many rows (feedback) also declares the place-keyed index of
  areas.place_terms: near a place, its terms are read in the cells around it only;
- **text** similarity, 0..1, is the best of the terms' Dice overlap (a shared
  place term counts double: the same place says more than the same words) and
  pg_trgm's similarity of the whole texts (word order, short texts); when both
  texts name places and share none, it is halved (the same words at another
  place are another matter);
- **place**: metres on the EPSG:3067 column (the GiST index narrows first);
  only candidates within the radius are scored, as most that share a common
  word lie elsewhere; items without a place of their own are included when the
  caller asks. Without a place, or with a radius wider than a place's, the
  candidates are the items sharing the text's selective terms only (bounded;
  areas.selective_terms), and a text of common words only raises PlaceNeeded.
  Among the similar ones, `rank` = similarity x (1 - DISTANCE_DECAY
  x distance / radius): a closer one ranks higher.

Answered and closed items are offered too: the caller says each one's `action`
(SUPPORT, FOLLOW or READ_ANSWER) so that pages offer "support this", "follow
this" or "read the answer".

The threshold (`SIMILARITY_MIN`) was chosen on the tuning half of the labelled
pairs in bench/duplicate_pairs.py; the held-back half, never used to choose
it, gives the figures in bench/RESULTS.md (`python -m bench` prints them).
"""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, When
from django.db.models.signals import pre_save

from geo_osallisuus.db_planning import planned_for_few_rows

from .geometry import to_projection
from .match_terms import PLACE_PREFIX, match_terms
from .place_terms import PlaceTerms, has_place_terms_index, place_keys
from .selective_terms import PlaceNeeded, is_wide, likeliest_rarest, selective_terms, term_rows

# Scores at least this high count as "similar" (chosen on the tuning pairs, see the docstring).
SIMILARITY_MIN = 0.5
SIMILAR_RADIUS_M = 1000
SIMILAR_LIMIT = 10
# At the edge of the radius an item ranks as if 30 % less similar.
DISTANCE_DECAY = 0.3
# Texts that name different places: the score is multiplied by this.
OTHER_PLACE = 0.5
TERMS_FIELD = "match_terms"

# What a page offers for a similar item, by its state.
SUPPORT = "support"
FOLLOW = "follow"
READ_ANSWER = "read_answer"


class TextSimilarity(Func):
    """0..1: how much an item (its text `expression` and stored `terms_field`) resembles
    the query `text` with its `terms` (the rule in the module docstring).

    One correlated subquery reads the stored terms once: Dice overlap (place terms
    twice) and pg_trgm's similarity, the better of the two, halved when both name
    places and share none. (A subquery per count and a fourth for the other-place
    test cost two to three times as much per candidate; at 10x Helsinki's volumes
    a common term ("puisto") leaves a thousand candidates near a place.)
    """

    output_field = FloatField()

    def __init__(self, expression, text: str, terms: list[str], terms_field: str = TERMS_FIELD):
        super().__init__(expression, F(terms_field))
        self.text = text
        self.terms = terms

    def as_sql(self, compiler, connection, **extra_context):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        terms_sql, terms_params = compiler.compile(self.source_expressions[1])
        query_places = sum(t.startswith(PLACE_PREFIX) for t in self.terms)
        sql = (
            "(SELECT GREATEST("
            "CASE WHEN x.na + %s = 0 THEN 0.0 ELSE 2.0 * (x.s + x.sp) / (x.na + x.pa + %s) END::float8, "
            f"similarity({text_sql}, %s)::float8) "
            "* CASE WHEN x.pa > 0 AND %s > 0 AND x.sp = 0 THEN %s ELSE 1.0 END "
            f"FROM (SELECT COALESCE(cardinality({terms_sql}), 0) AS na, "
            "count(*) FILTER (WHERE u = ANY(%s::text[])) AS s, "
            "count(*) FILTER (WHERE u = ANY(%s::text[]) AND left(u, 1) = %s) AS sp, "
            "count(*) FILTER (WHERE left(u, 1) = %s) AS pa "
            f"FROM unnest({terms_sql}) AS u) x)"
        )
        return sql, (
            len(self.terms), len(self.terms) + query_places, *text_params, self.text, query_places, OTHER_PLACE,
            *terms_params, self.terms, self.terms, PLACE_PREFIX, PLACE_PREFIX, *terms_params,
        )  # fmt: skip


def text_similarity(field: str, text: str, *, terms: list[str] | None = None, terms_field: str = TERMS_FIELD) -> Func:
    """0..1: how much the item (its `field` and stored terms) resembles `text` (see the module docstring)."""
    return TextSimilarity(field, text, match_terms(text) if terms is None else terms, terms_field)


def keep_match_terms(model, *fields: str) -> None:
    """Store `match_terms` of the text `fields` of `model` at every save (connected once, by the app)."""

    def store(sender, instance, **kwargs):
        instance.match_terms = match_terms(" ".join(str(getattr(instance, f) or "") for f in fields))

    pre_save.connect(store, sender=model, weak=False, dispatch_uid=f"match_terms:{model._meta.label}")


def similar_items(
    queryset: QuerySet,
    *,
    text: str,
    field: str = "title",
    point: Point | None = None,
    radius_m: float = SIMILAR_RADIUS_M,
    include_unplaced: bool = True,
    place_field: str = "geometry",
    place_slack_m: float = 0.0,
    limit: int = SIMILAR_LIMIT,
    min_similarity: float = SIMILARITY_MIN,
) -> list:
    """Items of `queryset` (a LocatedQuerySet the caller has already narrowed to
    the states worth offering) whose text resembles `text`, best first.

    Each has `similarity` annotated; given `point` (any allowed SRID), only those
    within `radius_m` metres, each with `distance` and `rank`, plus with
    `include_unplaced` the ones that have no geometry at all. Order: `rank`
    (similarity decayed by distance), then lower id.

    `place_field` measures from another geometry column or annotation than the
    item's own (feedback measures from its public, rounded point). An annotation
    has no index: `place_slack_m`, the most the item's own geometry lies from it,
    first narrows by the geometry's GiST index to `radius_m + place_slack_m`.

    Without `point`, or with `radius_m` over WIDE_RADIUS_M, the candidates are those
    sharing the text's selective terms; PlaceNeeded when it has none (areas.selective_terms).
    """
    text = " ".join(text.split())[:500]
    terms = match_terms(text)
    if not terms:
        return []
    score = text_similarity(field, text, terms=terms)
    wide = is_wide(point, radius_m)
    if wide:  # across the city: by the selective terms only (areas.selective_terms)
        counted = likeliest_rarest(queryset, terms, terms_field=TERMS_FIELD)
        selective = selective_terms(term_rows(queryset, counted, terms_field=TERMS_FIELD))
        if not selective:
            raise PlaceNeeded
        candidates = queryset.filter(**{f"{TERMS_FIELD}__overlap": selective})
    else:
        candidates = queryset.filter(**{f"{TERMS_FIELD}__overlap": terms})  # the GIN index picks the candidates
    if point is None:
        with planned_for_few_rows(queryset.db):
            found = _similar(candidates, score, min_similarity).order_by("-similarity", "pk")[:limit]
            return _ranked(list(found), radius_m)[:limit]
    point = to_projection(point)
    within = Q(**{f"{place_field}__dwithin": (point, D(m=radius_m))})
    window_m = radius_m + place_slack_m
    keys = place_keys(point, window_m, terms) if has_place_terms_index(queryset.model) and not wide else None
    sharing = candidates
    if keys is not None:  # the terms read near the place only (areas.place_terms)
        sharing = queryset.alias(place_terms=PlaceTerms()).filter(place_terms__overlap=keys)
    placed = sharing.filter(geometry__dwithin=(point, D(m=window_m)))
    # Scored only within the radius (a CASE evaluates its THEN only where its WHEN holds; the
    # NULL elsewhere fails the threshold): most candidates sharing a word lie farther away,
    # and PostgreSQL would test the place last, as PostGIS declares its functions costly.
    nearby = (
        _similar(placed, Case(When(within, then=score), default=None), min_similarity)
        .annotate(distance=Distance(place_field, point))
        .order_by("distance", "pk")[:limit]
    )
    # The place-keyed query alone is estimated at tens of rows, far from JIT or a parallel
    # plan: it needs no settings, and saves their three round trips (BEGIN, SET, COMMIT).
    planned = planned_for_few_rows(queryset.db) if keys is None or include_unplaced else nullcontext()
    with planned:
        nearby = list(nearby)
        unplaced = []
        if include_unplaced:
            unplaced = list(_similar(candidates.located(False), score, min_similarity).order_by("-similarity", "pk")[:limit])
    return _ranked(nearby + unplaced, radius_m)[:limit]


def _similar(candidates: QuerySet, score, min_similarity: float) -> QuerySet:
    """`candidates` with `similarity` annotated, those at least `min_similarity` similar."""
    return candidates.annotate(similarity=score).filter(similarity__gte=min_similarity)


def _ranked(items: list, radius_m: float) -> list:
    """`items` with `rank` set, best first: similarity, less for distance (unplaced ones: none)."""
    for item in items:
        distance = getattr(item, "distance", None)
        fraction = min(distance.m / radius_m, 1.0) if distance is not None and radius_m else 0.0
        item.rank = item.similarity * (1 - DISTANCE_DECAY * fraction)
    return sorted(items, key=lambda item: (-item.rank, item.pk))


def backfill_match_terms(app_label: str, model_name: str, field: str):
    """A data migration's forward function: the stored terms of every existing row
    (historical models send no signals, so the migration computes them itself)."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for pk, text in model.objects.values_list("pk", field).iterator(chunk_size=2000):
            model.objects.filter(pk=pk).update(match_terms=match_terms(text or ""))

    return forward
