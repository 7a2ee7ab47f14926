"""Precision and recall of the duplicate check on the labelled pairs (bench/duplicate_pairs.py).

Each pair's existing text is stored as an initiative at one point, and the written
text is checked from `distance_m` metres away through the service's own
`similar_items`: the pair is "found" when the item is offered. The rule before
this issue (trigrams and snowball-stem Dice, SIMILARITY_MIN 0.45, the same radius)
is kept here, frozen, only to be measured beside the new one.

Used by the bench (python -m bench) and by tests/areas/test_similar_pairs.py; it
writes rows, so callers run it in a transaction they roll back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import FloatField, Func, Value
from django.db.models.functions import Greatest

from areas.models import Area, DivisionType
from areas.similar import SIMILAR_RADIUS_M, similar_items
from feedback.models import Sector
from initiatives.models import Initiative, InitiativeCategory

from .duplicate_pairs import PLACES, Pair

BEFORE_MIN = 0.45  # today's rule's threshold before this issue
ORIGIN = (385_000.0, 6_672_000.0)  # EPSG:3067, central Helsinki


class _StemDiceBefore(Func):
    """The rule before this issue: Dice of snowball-stemmed words (frozen for comparison)."""

    output_field = FloatField()

    def __init__(self, expression, text: str, config: str):
        super().__init__(expression, Value(text))
        self.config = config

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        text_sql, text_params = compiler.compile(self.source_expressions[1])
        sql = (
            "(SELECT CASE WHEN cardinality(a.w) + cardinality(b.w) = 0 THEN 0.0 ELSE "
            "2.0 * cardinality(ARRAY(SELECT unnest(a.w) INTERSECT SELECT unnest(b.w))) "
            "/ (cardinality(a.w) + cardinality(b.w)) END "
            f"FROM (SELECT tsvector_to_array(to_tsvector(%s::regconfig, COALESCE({field_sql}, '')))) AS a(w), "
            f"(SELECT tsvector_to_array(to_tsvector(%s::regconfig, {text_sql}))) AS b(w))"
        )
        return sql, (self.config, *field_params, self.config, *text_params)


def _before_score(text: str):
    return Greatest(
        TrigramSimilarity("title", text), TrigramWordSimilarity(text, "title"),
        _StemDiceBefore("title", text, "finnish"), _StemDiceBefore("title", text, "swedish"),
        output_field=FloatField(),
    )  # fmt: skip


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    pairs: int


def figures(pairs: list[Pair], found: list[bool]) -> Figures:
    hits = [f for p, f in zip(pairs, found, strict=True) if p.same]
    false = [f for p, f in zip(pairs, found, strict=True) if not p.same]
    true_positive, false_positive = sum(hits), sum(false)
    offered = true_positive + false_positive
    return Figures(
        precision=true_positive / offered if offered else 1.0,
        recall=true_positive / len(hits) if hits else 1.0,
        pairs=len(pairs),
    )


def places_ensure() -> None:
    """The areas the pairs name, in a division of their own, unless an area already has the name."""
    division, _ = DivisionType.objects.get_or_create(slug="duplicate-pairs", defaults={"name": "Duplicate pairs"})
    box = MultiPolygon(Polygon.from_bbox((ORIGIN[0], ORIGIN[1], ORIGIN[0] + 10, ORIGIN[1] + 10)), srid=3067)
    for index, (fi, sv) in enumerate(PLACES):
        if not Area.objects.filter(name_fi__iexact=fi).exists():
            Area.objects.create(division=division, code=f"dp{index}", name_fi=fi, name_sv=sv, geometry=box)


def stored(pairs: list[Pair]) -> list[Initiative]:
    """Each pair's existing text as an initiative at ORIGIN (match terms kept by the save)."""
    author, _ = get_user_model().objects.get_or_create(username="duplicate-pairs")
    sector, _ = Sector.objects.get_or_create(code="dup", defaults={"name": "Duplicate pairs"})
    category, _ = InitiativeCategory.objects.get_or_create(code="dup", defaults={"name": "Dup", "sector": sector})
    origin = Point(*ORIGIN, srid=3067)
    return [
        Initiative.objects.create(author=author, title=p.existing, text=".", category=category, geometry=origin)
        for p in pairs
    ]


def written_at(pair: Pair) -> Point:
    return Point(ORIGIN[0] + pair.distance_m, ORIGIN[1], srid=3067)


def scores_after(pairs: list[Pair], items: list[Initiative]) -> list[float]:
    """The new rule's similarity of each pair (0 when not a candidate or out of the radius)."""
    out = []
    for pair, item in zip(pairs, items, strict=True):
        hits = similar_items(Initiative.objects.filter(pk=item.pk), text=pair.written, point=written_at(pair), min_similarity=0.0)
        out.append(hits[0].similarity if hits else 0.0)
    return out


def found_before(pairs: list[Pair], items: list[Initiative]) -> list[bool]:
    """Today's rule before this issue: the frozen score at 0.45, within the same radius."""
    out = []
    for pair, item in zip(pairs, items, strict=True):
        score = Initiative.objects.filter(pk=item.pk).annotate(s=_before_score(" ".join(pair.written.split()))).get().s
        out.append(score >= BEFORE_MIN and pair.distance_m <= SIMILAR_RADIUS_M)
    return out


def best_threshold(pairs: list[Pair], scores: list[float]) -> float:
    """On the tuning pairs: the threshold (a score that occurs) with the best F1, the higher on ties."""
    best, best_f1 = 1.0, -1.0
    for candidate in sorted({s for s in scores if s > 0}, reverse=True):
        f = figures(pairs, [s >= candidate for s in scores])
        f1 = 2 * f.precision * f.recall / (f.precision + f.recall) if f.precision + f.recall else 0.0
        if f1 > best_f1:
            best, best_f1 = candidate, f1
    return best
