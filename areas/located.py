"""Located content: things on the map that know which areas they lie in.

Pending cases, city spaces, budget projects, proposals and feedback all share
this machinery:

- a model inherits `LocatedItem`: it gets one `geometry` column in
  settings.PROJECTION_SRID (any type, may be empty for an item not yet placed),
  the generic relation `area_memberships` and the `LocatedQuerySet` manager;
- the service functions that write an item's geometry call
  `located_refresh(model=..., ids=[...])`, which rewrites the item's rows in the
  area index (`areas.AreaMembership`) in one SQL statement;
- whatever rewrites areas (the division importer, the demo loader, the admin)
  calls `located_refresh_areas(...)`, which rebuilds the index of every located
  model against those areas.

Nothing here runs from `save()` or signals: the index changes only where the
geometry is written, inside the writer's transaction, so it is never stale
after a commit and never rebuilt row by row.

A model published only as the centre of a grid cell (`published_grid_m`,
feedback) is indexed by that centre, not by its exact geometry: the index
feeds public answers (area lists, filters, summaries, participation counts),
and each of them must be a function of what is published. Counts of such a
model in areas smaller than a few cells are withheld below a threshold
(`published_count`).

Membership means the item's geometry *intersects* the area (it lies in it or
touches it, boundary included); `covers` marks the rows where it lies wholly
inside. An item with several parts (a case with three locations) is one
geometry collection, and each part counts on its own. A polygonal part (a case
placed on a whole district, a drawn plan area) is in the areas it *shares more
than a sliver with*: at least MIN_OVERLAP_SHARE of the smaller of the two. So
a case on Lauttasaari is in every osa-alue of Lauttasaari and in the suurpiiri
around it, but not in the neighbouring districts whose boundary it only
touches, nor in one that differs from it by a few metres of a boundary drawn
from another survey; points and lines keep the plain rule. Distances and buffers are measured on the
EPSG:3067 column in metres, never in degrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import add, or_
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Distance, SnapToGrid
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.contrib.gis.measure import D
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, Exists, Expression, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .geometry import transformed
from .index_write import index_insert
from .models import Area, AreaMembership, DivisionType
from .selectors import geojson_annotation

# PostgreSQL text-search configurations for the languages the service speaks.
SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}


def _ids(values: Iterable) -> list[int]:
    return [value.pk if isinstance(value, models.Model) else int(value) for value in values]


class LocatedQuerySet(models.QuerySet):
    """Spatial and area filters every located list shares.

    Each method takes plain Python values (areas, points in any allowed SRID,
    metres), so the API's filter backends and the map pages' selectors call the
    same code.
    """

    def _memberships(self):
        content_type = ContentType.objects.get_for_model(self.model)
        return AreaMembership.objects.filter(content_type=content_type, object_id=OuterRef("pk"))

    def with_geojson(self, srid: int, *, field: str | None = None):
        """Annotate `geojson`: the geometry rendered by PostGIS in `srid`."""
        return self.annotate(geojson=geojson_annotation(field or self.model.located_geometry_field, srid))

    def located(self, value: bool = True):
        """Items that have (or, with False, lack) a geometry."""
        return self.filter(geometry__isnull=not value)

    def in_areas(self, areas: Iterable[Area | int]):
        """Items that lie in or touch any of `areas` (Area objects or ids)."""
        return self.filter(Exists(self._memberships().filter(area_id__in=_ids(areas))))

    def within_area(self, area: Area | int):
        """Items that lie wholly inside `area`, boundary included."""
        return self.filter(Exists(self._memberships().filter(area_id=_ids([area])[0], covers=True)))

    def in_division(self, division: DivisionType | int):
        """Items that lie in or touch some area of `division` (inside the part of the city it covers)."""
        return self.filter(Exists(self._memberships().filter(division_id=_ids([division])[0])))

    def in_bbox(self, box: Polygon):
        """Items whose geometry intersects `box` (a polygon in any SRID)."""
        return self.filter(geometry__intersects=_projected(box))

    def near(self, point: Point, radius_m: float | None = None):
        """Items ordered by distance from `point`, nearest first, with `distance` annotated.

        With `radius_m`, only items within that many metres. Both are measured on
        the projected column (EPSG:3067), so a metre is a metre at 60° N.
        """
        point = _projected(point)
        queryset = self.filter(geometry__isnull=False)
        if radius_m is not None:
            queryset = queryset.filter(geometry__dwithin=(point, D(m=radius_m)))
        return queryset.annotate(distance=Distance("geometry", point)).order_by("distance", "pk")

    def search(self, text: str, *, rank: bool = True):
        """Full-text search in Finnish and Swedish (PostgreSQL's snowball stemmers).

        `model.search_fields` names the fields and their languages. A word matches
        in its inflected forms ("kirjastot" finds "kirjasto"); a part of a
        compound word ("kaava" in "asemakaava") matches as a plain substring.
        With `rank`, `search_rank` is annotated for ordering.
        """
        text = " ".join(text.split())
        if not text or not self.model.search_fields:
            return self
        vector = reduce(
            add,
            [SearchVector(field, config=SEARCH_CONFIGS[lang]) for field, lang in self.model.search_fields],
        )
        query = reduce(
            or_,
            [SearchQuery(text, config=config, search_type="websearch") for config in ("finnish", "swedish")],
        )
        substring = reduce(or_, [Q(**{f"{field}__icontains": text}) for field, _lang in self.model.search_fields])
        queryset = self.annotate(search_document=vector).filter(Q(search_document=query) | substring)
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(vector, query))
        return queryset


def _projected(geom: GEOSGeometry) -> GEOSGeometry:
    if geom.srid in (None, settings.PROJECTION_SRID):
        return geom
    return transformed(geom, settings.PROJECTION_SRID)


class LocatedItem(models.Model):
    """Abstract base of everything shown on the map and counted per area.

    Subclasses may set:
    - `search_fields`: (field, language) pairs for free-text search, e.g.
      (("title_fi", "fi"), ("title_sv", "sv"));
    - `summary_key` and `summary_fields`: the name under which an area's summary
      counts the model, and the fields whose values it counts, e.g. ("status",);
    - `located_geometry_field`: the column the API renders as the feature's
      geometry (default `geometry`; a space shows its entrance point);
    - `published_grid_m`: the side (metres, EPSG:3067) of the grid cells whose
      centre is all that is published of the item's place (feedback); the area
      index and every count then use that centre (`published_geometry`).
    """

    geometry = models.GeometryField(
        _("geometry"),
        srid=settings.PROJECTION_SRID,
        null=True,
        blank=True,
        help_text=_("Where the item is; empty while nobody has placed it. Written only by the item's services."),
    )
    area_memberships = GenericRelation(AreaMembership)

    objects = LocatedQuerySet.as_manager()

    search_fields: ClassVar[tuple[tuple[str, str], ...]] = ()
    summary_key: ClassVar[str] = ""
    summary_fields: ClassVar[tuple[str, ...]] = ()
    located_geometry_field: ClassVar[str] = "geometry"
    published_grid_m: ClassVar[int | None] = None

    class Meta:
        abstract = True

    @classmethod
    def get_summary_key(cls) -> str:
        return cls.summary_key or cls._meta.model_name + "s"


def published_geometry(model: type[LocatedItem]) -> SnapToGrid | F:
    """What is published of an item's place, as an expression: its geometry, or for a model with
    `published_grid_m` the centre of its grid cell (ST_SnapToGrid with the grid's origin half a
    cell off, so that the nearest node is the cell's centre)."""
    grid = model.published_grid_m
    if not grid:
        return F("geometry")
    # Django passes (size_x, size_y, origin_x, origin_y) to ST_SnapToGrid(geom, origin_x, origin_y, size_x, size_y).
    return SnapToGrid("geometry", grid, grid, grid / 2, grid / 2)


def _published_sql(model: type[LocatedItem], column: str) -> str:
    """`published_geometry` in SQL, for the index's INSERT … SELECT."""
    grid = model.published_grid_m
    if not grid:
        return column
    return f"ST_SnapToGrid({column}, {grid / 2!r}, {grid / 2!r}, {float(grid)!r}, {float(grid)!r})"


def published_count(*, model: type[LocatedItem], count: int | None, surface_m2: float) -> int | None:
    """`count` items of `model` in an area of `surface_m2`, or None where it is withheld.

    For a model published on a grid, an area smaller than settings.SMALL_AREA_CELLS
    cells holds the published points of only a few cells: a small count there
    (1 to settings.SMALL_AREA_MIN_COUNT − 1) could point at a household, so it is
    withheld. Zero is shown (it says nobody sent anything), and so is every count
    of a larger area and of a model published exactly.
    """
    grid = model.published_grid_m
    if count is None or not grid:
        return count
    if surface_m2 < settings.SMALL_AREA_CELLS * grid * grid and 0 < count < settings.SMALL_AREA_MIN_COUNT:
        return None
    return count


def published_count_expression(*, model: type[LocatedItem], count: Expression, surface_m2: Expression) -> Expression:
    """`published_count` as an SQL expression of the row's `count` and `surface_m2`, for layers
    computed in PostGIS (the OGC API's feedback counts): the same rule, NULL where it withholds.
    tests/feedback/test_published_count_sql.py holds the two equal at the rule's limits."""
    grid = model.published_grid_m
    if not grid:
        return count
    withheld = Q(
        LessThan(surface_m2, settings.SMALL_AREA_CELLS * grid * grid),
        GreaterThan(count, 0),
        LessThan(count, settings.SMALL_AREA_MIN_COUNT),
    )
    return Case(When(withheld, then=Value(None)), default=count, output_field=IntegerField())


def located_models() -> list[type[LocatedItem]]:
    """Every installed concrete model that inherits LocatedItem."""
    return [m for m in apps.get_models() if issubclass(m, LocatedItem) and not m._meta.abstract]


# A polygon shares more than a sliver with an area when the overlap is at least this
# share of the smaller of the two (see the module's docstring).
MIN_OVERLAP_SHARE = 0.01

# One INSERT … SELECT for the whole set. Each part of the item (ST_Dump: a case's point,
# line or area) joins the areas it meets; a polygonal part only those it shares more than
# a sliver with. An item without a polygonal part skips that test: its parts meet an area
# exactly when the whole does, which the join already says. A single point lies wholly
# inside every area it meets (boundary included), so ST_Covers is asked of other shapes
# only. The rows go in the order of the unique index (content_type, object_id, area):
# appending to the b-tree instead of inserting all over it took 8–21 % less for 200 000
# rows (bench/RESULTS.md); `index_insert` fills `{order}`. `{where}` narrows the items or areas.
_INSERT = (
    """
    INSERT INTO areas_areamembership (content_type_id, object_id, area_id, division_id, covers)
    SELECT %(content_type)s, item.{pk}, area.id, area.division_id,
           CASE WHEN GeometryType({indexed}) = 'POINT' THEN true ELSE ST_Covers(area.geometry, {indexed}) END
    FROM {table} item
    JOIN areas_area area ON ST_Intersects(area.geometry, {indexed})
    WHERE item.{geom} IS NOT NULL AND NOT ST_IsEmpty(item.{geom}){where}
      AND (area.valid_from IS NULL OR area.valid_from <= %(today)s)
      AND (area.valid_to IS NULL OR area.valid_to >= %(today)s)
      AND (ST_Dimension({indexed}) < 2 OR EXISTS (
        SELECT 1 FROM ST_Dump({indexed}) part
        WHERE ST_Intersects(area.geometry, part.geom)
          AND (ST_Dimension(part.geom) < 2
               OR ST_Area(ST_Intersection(area.geometry, part.geom))
                  >= """
    + repr(MIN_OVERLAP_SHARE)
    + """ * LEAST(ST_Area(part.geom), ST_Area(area.geometry)))
      ))
    {order}
"""
)

# A refresh of fewer items than this is not asked for the planner's estimate of a bulk load: at the
# four rows a point gets in the city's divisions it would stay near index_write.BULK_MIN_ROWS.
_BULK_MIN_ITEMS = 5_000


def _sql_names(model: type[LocatedItem]) -> dict[str, str]:
    quote = connection.ops.quote_name
    geom = quote(model._meta.get_field("geometry").column)
    return {
        "table": quote(model._meta.db_table),
        "pk": quote(model._meta.pk.column),
        "geom": geom,
        "indexed": _published_sql(model, f"item.{geom}"),
    }


def located_refresh(*, model: type[LocatedItem], ids: Iterable[int] | None = None) -> int:
    """Rewrite the area index of `model`'s items `ids` (all items when None), against
    the areas valid today (an area valid only from a later date answers nothing yet).

    Call it in the same transaction as the write that changed the geometry.
    Returns the number of index rows written.
    """
    content_type = ContentType.objects.get_for_model(model)
    params: dict[str, object] = {"content_type": content_type.pk, "today": timezone.localdate()}
    where = ""
    if ids is not None:
        params["ids"] = sorted({int(i) for i in ids})
        if not params["ids"]:
            return 0
        # A semi-join, not `= ANY(…)`: with 50 000 ids the planner probed the item's primary key
        # for every id once per area (35 s instead of 1.6 s; bench/RESULTS.md, 2026-12-05).
        where = " AND item.{pk} IN (SELECT unnest(%(ids)s::bigint[]))"
    names = _sql_names(model)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM areas_areamembership WHERE content_type_id = %(content_type)s"
            + (" AND object_id = ANY(%(ids)s)" if ids is not None else ""),
            params,
        )
        deleted = cursor.rowcount
    return index_insert(
        sql=_INSERT.format(where=where.format(**names), order="{order}", **names),
        params=params,
        deleted=deleted,
        large=ids is None or len(params["ids"]) >= _BULK_MIN_ITEMS,
    )


def located_refresh_areas(
    *, division: DivisionType | None = None, areas: Iterable[Area | int] | None = None
) -> int:
    """Rebuild the index of every located model against `division`'s areas, or `areas`.

    Call it after areas are created, re-shaped or re-imported, in the same
    transaction. (Rows of deleted areas go with them: the foreign key cascades.)
    Returns the number of index rows written.
    """
    if (division is None) == (areas is None):
        raise TypeError("Give either division or areas.")
    if division is not None:
        scope_sql, params = "division_id = %(division)s", {"division": division.pk}
        area_sql = " AND area.division_id = %(division)s"
    else:
        params = {"areas": sorted(set(_ids(areas)))}
        if not params["areas"]:
            return 0
        scope_sql, area_sql = "area_id = ANY(%(areas)s)", " AND area.id = ANY(%(areas)s)"
    params["today"] = timezone.localdate()
    written = 0
    with connection.cursor() as cursor:
        for model in located_models():
            params["content_type"] = ContentType.objects.get_for_model(model).pk
            cursor.execute(
                f"DELETE FROM areas_areamembership WHERE content_type_id = %(content_type)s AND {scope_sql}", params
            )
            written += index_insert(
                sql=_INSERT.format(where=area_sql, order="{order}", **_sql_names(model)),
                params=params,
                deleted=cursor.rowcount,
                large=True,
            )
    return written


def located_areas(item: LocatedItem) -> list[AreaMembership]:
    """The item's index rows with their areas and divisions, larger divisions first."""
    return list(
        AreaMembership.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        )
        .select_related("area", "division")
        .order_by("division__level", "division__slug", "area__code")
    )


def located_area_summary(*, area: Area) -> dict[str, dict]:
    """What lies in `area`: per located model, how many items lie in or touch it,
    how many lie wholly inside, and the counts by each of the model's `summary_fields`
    (from the area index: for feedback, where its published point lies)."""
    return {
        model.get_summary_key(): located_counts(
            model=model,
            touching=model.objects.in_areas([area]),
            within=model.objects.within_area(area),
            surface_m2=area.geometry.area,
        )
        for model in sorted(located_models(), key=lambda m: m.get_summary_key())
    }


def located_counts(*, model: type[LocatedItem], touching, within, surface_m2: float) -> dict[str, object]:
    """`total`, `within` and `by_<field>` counts of an area's items, each through `published_count`."""

    def shown(n: int) -> int | None:
        return published_count(model=model, count=n, surface_m2=surface_m2)

    entry: dict[str, object] = {"total": shown(touching.count()), "within": shown(within.count())}
    for name in model.summary_fields:
        rows = touching.order_by().values_list(name).annotate(n=Count("pk"))
        entry[f"by_{name}"] = {str(value): shown(n) for value, n in sorted(rows, key=lambda r: str(r[0]))}
    return entry
