"""Features rendered by PostGIS: each row leaves the database as one finished
GeoJSON Feature (json_build_object + ST_AsGeoJSON), so Python only joins text.

A collection's queryset is filtered with the ORM (bbox, datetime, queryables),
turned into `values()` with safe aliases (ogc_fid, ogc_geom, ogc_p0...) and
wrapped in SQL that builds the feature. Rows are read from a server-side cursor
in chunks, so neither a long page nor a whole-layer export sits in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc, Transform
from django.db import connection
from django.db.models import F, Q, QuerySet

from areas.selectors import METRIC_PRECISION, PRECISION, geojson_annotation

from .params import Interval, OutputCrs
from .registry import Collection

CHUNK_ROWS = 500
_PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class FlipCoordinates(GeoFunc):
    function = "ST_FlipCoordinates"


def geojson_expression(path: str, crs: OutputCrs):
    """ST_AsGeoJSON of `path` in the CRS, in the CRS's axis order."""
    if not crs.northing_first:
        return geojson_annotation(path, crs.srid)
    return AsGeoJSON(FlipCoordinates(Transform(path, crs.srid)), precision=PRECISION.get(crs.srid, METRIC_PRECISION))


def _expression(value: object):
    return F(value) if isinstance(value, str) else value


def property_expression(collection: Collection, name: str):
    """The ORM expression of the published property `name`."""
    return _expression(collection.properties[name])


def property_names(collection: Collection) -> list[str]:
    names = list(collection.properties)
    for name in names:
        # Names are written into SQL as literals: only plain identifiers pass.
        if not _PROPERTY_NAME.match(name):
            raise ValueError(f"Collection {collection.id}: property name {name!r} is not a plain identifier.")
    return names


def filtered(
    collection: Collection,
    *,
    bbox=None,
    interval: Interval | None = None,
    lookups: dict[str, object] | None = None,
    feature_id: object = None,
) -> QuerySet:
    queryset = collection.items()
    if feature_id is not None:
        queryset = queryset.filter(**{collection.feature_id: feature_id})
    if bbox is not None:
        queryset = queryset.filter(**{f"{collection.geometry}__intersects": bbox})
    if interval is not None:
        path = collection.temporal
        condition = Q()
        if interval.start is not None:
            condition &= Q(**{f"{path}__gte": interval.start})
        if interval.end is not None:
            condition &= Q(**{f"{path}__lte" if interval.end_inclusive else f"{path}__lt": interval.end})
        queryset = queryset.filter(condition)
    if lookups:
        queryset = queryset.filter(**lookups)
    return queryset


def _values(queryset: QuerySet, collection: Collection, geometry) -> QuerySet:
    columns = {"ogc_fid": F(collection.feature_id), "ogc_geom": geometry}
    for index, value in enumerate(collection.properties.values()):
        columns[f"ogc_p{index}"] = _expression(value)
    return queryset.values(**columns)


def _properties_sql(collection: Collection) -> str:
    pairs = ", ".join(f"'{name}', t.ogc_p{index}" for index, name in enumerate(property_names(collection)))
    return f"json_build_object({pairs})"


def feature_sql(queryset: QuerySet, collection: Collection, crs: OutputCrs) -> tuple[str, tuple]:
    """SQL giving one text column: each row a GeoJSON Feature in `crs`."""
    inner, params = _values(queryset, collection, geojson_expression(collection.geometry, crs)).query.sql_with_params()
    sql = (
        "SELECT json_build_object('type', 'Feature', 'id', t.ogc_fid, 'geometry', t.ogc_geom::json, "
        f"'properties', {_properties_sql(collection)})::text FROM ({inner}) t"
    )
    return sql, params


def table_sql(queryset: QuerySet, collection: Collection, geometry) -> tuple[str, tuple, list[str]]:
    """SQL with one column per property (named as published), `fid` and `geometry` (`geometry` expression)."""
    inner, params = _values(queryset, collection, geometry).query.sql_with_params()
    names = property_names(collection)
    columns = ", ".join(f't.ogc_p{index} AS "{name}"' for index, name in enumerate(names))
    sql = f'SELECT t.ogc_fid AS "fid", {columns}, t.ogc_geom AS "geometry" FROM ({inner}) t'
    return sql, params, names


def stream_rows(sql: str, params) -> Iterator[tuple]:
    """Rows of `sql` from a server-side cursor, CHUNK_ROWS at a time."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield from rows


def stream_features(sql: str, params) -> Iterator[str]:
    """The features of `sql`, comma-separated, ready to sit inside a JSON array."""
    first = True
    for (feature,) in stream_rows(sql, params):
        yield feature if first else "," + feature
        first = False


def feature_one(collection: Collection, *, feature_id: object, crs: OutputCrs) -> str | None:
    """One feature as GeoJSON text, or None."""
    sql, params = feature_sql(filtered(collection, feature_id=feature_id), collection, crs)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def collection_extent(collection: Collection) -> dict:
    """The spatial extent in CRS84 (from the 3067 column, in PostGIS) and the temporal one."""
    queryset = collection.items().order_by()
    geometry = connection.ops.quote_name("g")
    inner, params = queryset.values(g=F(collection.geometry)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT "
            f"ST_Transform(ST_Segmentize(ST_SetSRID(ST_Extent(t.{geometry})::geometry, {int(settings.PROJECTION_SRID)}), 500), 4326) AS e "
            f"FROM ({inner}) t) x",
            params,
        )
        box = cursor.fetchone()
    extent: dict = {}
    if box and box[0] is not None:
        extent["spatial"] = {"bbox": [[round(v, 7) for v in box]], "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}
    if collection.temporal:
        from django.db.models import Max, Min

        span = queryset.aggregate(start=Min(collection.temporal), end=Max(collection.temporal))
        extent["temporal"] = {
            "interval": [[_iso(span["start"]), _iso(span["end"])]],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        }
    return extent


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
