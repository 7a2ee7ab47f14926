"""Similar items near a place: the duplicate check every "before you file" form shares.

Budgeting proposals, initiatives and feedback ask the same question while a
resident writes: is there already an item that says this, near here? One
function answers it for any located model, so that the three never drift apart:

- **terms**: each item stores its text's match terms (areas.match_terms:
  Finnish base forms and compound parts through Voikko, Swedish stems, numbers,
  and "@place" terms that make "Lauttasaari" and "Drumsö" the same) in a text[]
  column with a GIN index, kept at every save (`keep_match_terms`). The query
  text is reduced the same way; candidates are the items sharing a term (the
  GIN index), so the check is one indexed query, never a loop over items;
- **text** similarity, 0..1, is the best of the terms' Dice overlap (a shared
  place term counts double: the same place says more than the same words) and
  pg_trgm's similarity of the whole texts (word order, short texts); when both
  texts name places and share none, it is halved (the same words at another
  place are another matter);
- **place** is the shared `near()`: metres on the EPSG:3067 column; items
  without a place of their own are included when the caller asks. Among the
  similar ones, `rank` = similarity x (1 - DISTANCE_DECAY x distance / radius):
  a closer one ranks higher.

Answered and closed items are offered too: the caller says each one's `action`
(SUPPORT, FOLLOW or READ_ANSWER) so that pages offer "support this", "follow
this" or "read the answer".

The threshold (`SIMILARITY_MIN`) was chosen on the tuning half of the labelled
pairs in bench/duplicate_pairs.py; the held-back half, never used to choose
it, gives the figures in bench/RESULTS.md (`python -m bench` prints them).
"""

from __future__ import annotations

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import FloatField, Func, QuerySet, Value
from django.db.models.functions import Greatest
from django.db.models.signals import pre_save

from .geometry import to_projection
from .match_terms import PLACE_PREFIX, match_terms

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


class TermScore(Func):
    """0..1: Dice overlap of the stored terms `expression` and the query's `terms`,
    place terms counted twice, halved when both name places and share none."""

    output_field = FloatField()

    def __init__(self, expression, terms: list[str]):
        super().__init__(expression)
        self.terms = terms

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        query_places = sum(t.startswith(PLACE_PREFIX) for t in self.terms)
        sql = (
            "(SELECT CASE WHEN x.na + %s = 0 THEN 0.0 ELSE "
            "2.0 * (x.s + x.sp) / (x.na + x.pa + %s) "
            "* CASE WHEN x.pa > 0 AND %s > 0 AND x.sp = 0 THEN %s ELSE 1.0 END END "
            "FROM (SELECT cardinality(t.a) AS na, "
            "(SELECT count(*) FROM unnest(t.a) u WHERE u = ANY(%s::text[])) AS s, "
            "(SELECT count(*) FROM unnest(t.a) u WHERE u = ANY(%s::text[]) AND left(u, 1) = %s) AS sp, "
            "(SELECT count(*) FROM unnest(t.a) u WHERE left(u, 1) = %s) AS pa "
            f"FROM (SELECT COALESCE({column}, '{{}}'::text[]) AS a) t) x)"
        )
        size = len(self.terms) + query_places
        return sql, (
            len(self.terms), size, query_places, OTHER_PLACE,
            self.terms, self.terms, PLACE_PREFIX, PLACE_PREFIX, *params,
        )  # fmt: skip


def text_similarity(field: str, text: str, *, terms: list[str] | None = None, terms_field: str = TERMS_FIELD) -> Func:
    """0..1: how much the item (its `field` and stored terms) resembles `text` (see the module docstring)."""
    terms = match_terms(text) if terms is None else terms
    return Greatest(TermScore(terms_field, terms), _trigram_within_place(field, text, terms, terms_field), output_field=FloatField())


def _trigram_within_place(field: str, text: str, terms: list[str], terms_field: str):
    """pg_trgm's whole-text similarity, under the same other-place rule as the terms."""
    places = [t for t in terms if t.startswith(PLACE_PREFIX)]
    other = OtherPlace(terms_field, places) if places else Value(1.0)
    return TrigramSimilarity(field, text) * other


class OtherPlace(Func):
    """OTHER_PLACE when the stored terms name places and none of `places`, else 1."""

    output_field = FloatField()

    def __init__(self, expression, places: list[str]):
        super().__init__(expression)
        self.places = places

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"(CASE WHEN EXISTS (SELECT 1 FROM unnest({column}) u WHERE left(u, 1) = %s) "
            f"AND NOT {column} && %s::text[] THEN %s ELSE 1.0 END)"
        )
        return sql, (*params, PLACE_PREFIX, *params, self.places, OTHER_PLACE)


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
    """
    text = " ".join(text.split())[:500]
    terms = match_terms(text)
    if not terms:
        return []
    scored = (
        queryset.filter(**{f"{TERMS_FIELD}__overlap": terms})  # the GIN index picks the candidates
        .annotate(similarity=text_similarity(field, text, terms=terms))
        .filter(similarity__gte=min_similarity)
    )
    if point is None:
        return _ranked(list(scored.order_by("-similarity", "pk")[:limit]), radius_m)[:limit]
    if place_field == "geometry":
        nearby = list(scored.near(point, radius_m)[:limit])
    else:
        point = to_projection(point)
        nearby = list(
            scored.filter(geometry__dwithin=(point, D(m=radius_m + place_slack_m)))
            .filter(**{f"{place_field}__dwithin": (point, D(m=radius_m))})
            .annotate(distance=Distance(place_field, point))
            .order_by("distance", "pk")[:limit]
        )
    unplaced = list(scored.located(False).order_by("-similarity", "pk")[:limit]) if include_unplaced else []
    return _ranked(nearby + unplaced, radius_m)[:limit]


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
