"""The SQL of a layer's vector tiles, compiled by the ORM once and reused.

Compiling a collection's queryset (modeltranslation's `values()` over its
properties) took ~8 ms of a tile's ~19 ms (bench/RESULTS.md, 2026-12-04), more
than the ST_AsMVT query. So the ORM compiles a layer's rows once per process for
each (collection, scope, language, properties, filtered queryables, day); what
changes per request, the tile and the queryables' values, is bound as parameters
of an outer query around it. PostgreSQL folds that query into the inner one, so
the tile's box still filters the stored column through its GiST index.

The compiled parameters are frozen with the SQL: a layer's queryset may depend on
its collection's `scope`, the language, the settings (the cache is emptied when a
test changes them) and the day (`Luotsi.objects.active()`), never on the moment.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.core.signals import setting_changed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone, translation

from . import features
from .registry import Collection, Queryable

EXTENT = 4096
BUFFER = 64
# Compiled statements kept per process; a key is a layer in one language with one
# property list and one set of filtered queryables, so few are ever in use.
CACHE_SIZE = 256


@dataclass(frozen=True)
class TileQuery:
    """`sql` takes, in order: the layer's name, z, x, y, `params`, the tile's box
    as EWKT in EPSG:3857, and one value per filtered queryable."""

    sql: str
    params: tuple


_cache: dict[tuple, TileQuery] = {}
_lock = threading.Lock()


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    # Settings (thresholds, SRIDs) are compiled into the parameters.
    tile_sql_clear()


def tile_sql_clear() -> None:
    with _lock:
        _cache.clear()


def _compile(collection: Collection, names: tuple[str, ...], filtered: tuple[Queryable, ...]) -> TileQuery:
    columns = {
        "ogc_fid": F(collection.feature_id),
        "ogc_geom": Transform(collection.geometry, 3857),
        "ogc_stored": F(collection.geometry),
    }
    for index, name in enumerate(names):
        columns[f"ogc_p{index}"] = features.property_expression(collection, name)
    for index, queryable in enumerate(filtered):
        columns[f"ogc_q{index}"] = F(queryable.path)
    inner, params = collection.items().order_by().values(**columns).query.sql_with_params()
    selected = "".join(f', t.ogc_p{index} AS "{name}"' for index, name in enumerate(names))
    conditions = "".join(
        f" AND t.ogc_q{index} = %s" if queryable.kind == "boolean" else f" AND t.ogc_q{index} = ANY(%s)"
        for index, queryable in enumerate(filtered)
    )
    srid = int(settings.PROJECTION_SRID)
    sql = (
        f"SELECT ST_AsMVT(mvt, %s, {EXTENT}, 'geom', 'fid') FROM ("
        f"SELECT t.ogc_fid AS fid{selected}, "
        f"ST_AsMVTGeom(t.ogc_geom, ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) AS geom "
        f"FROM ({inner}) t "
        f"WHERE ST_Intersects(t.ogc_stored, ST_Transform(ST_GeomFromEWKT(%s), {srid})){conditions}"
        ") mvt WHERE mvt.geom IS NOT NULL"
    )
    return TileQuery(sql=sql, params=tuple(params))


def tile_query(
    collection: Collection, *, names: tuple[str, ...], filtered: tuple[Queryable, ...], day: datetime.date | None = None
) -> TileQuery:
    """The layer's tile statement with the properties `names` (published ones, in the
    collection's order) and a condition per queryable in `filtered`."""
    key = (
        collection.id,
        collection.scope,
        translation.get_language(),
        names,
        tuple(q.name for q in filtered),
        day or timezone.localdate(),
    )
    found = _cache.get(key)
    if found is None:
        found = _compile(collection, names, filtered)
        with _lock:
            if len(_cache) >= CACHE_SIZE:
                _cache.pop(next(iter(_cache)))
            _cache[key] = found
    return found
