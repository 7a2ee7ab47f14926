"""Vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt for every registered collection.

ST_AsMVT over the collection's published properties (all of them, as QGIS and
other planners' tools want them, or those named by `?properties=`, as the city
map asks for what its popups show); geometry from the 3067 column transformed to
web mercator (3857) and clipped by ST_AsMVTGeom to the tile from
ST_TileEnvelope. The index is used through a filter on the stored column: the
tile's box, cut to the city, densified and transformed to 3067 by PostGIS. The
statement is compiled once per layer (ogc.tile_sql); a request computes only the
box, by arithmetic.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import connection, models
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext_lazy as _

from areas.geometry import helsinki_extent, transformed

from . import features
from .params import OgcError, queryable_values
from .registry import Collection, collection_registry
from .tile_sql import tile_query
from .views import ogc_error_response

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22
# Half the width of web mercator's square world, in metres.
WORLD = 20037508.342789244
# Each edge of the tile's box is cut in this many before it is transformed to
# 3067, where a web-mercator square is not quite a rectangle (as the API's bbox).
EDGE_STEPS = 8

MSG_UNKNOWN_LAYER = _("There is no layer {layer!r}.")
MSG_TILE = _("A tile is z/x/y with whole numbers, z from 0 to {max_zoom} and x, y from 0 to 2^z - 1; not {z}/{x}/{y}.")
MSG_PROPERTIES = _("Parameter properties: layer {layer} has no property {name!r}; it has {allowed}.")


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's box in EPSG:3857, as ST_TileEnvelope computes it."""
    size = 2 * WORLD / (1 << z)
    return (-WORLD + x * size, WORLD - (y + 1) * size, -WORLD + (x + 1) * size, WORLD - y * size)


def _coordinate(value: str, high: int) -> int | None:
    if not value.isascii() or not value.isdigit() or len(value) > 8:
        return None
    number = int(value)
    return number if number <= high else None


@functools.lru_cache(maxsize=4)
def _bounds_of(extent: tuple, margin: float, srid: int) -> tuple[float, float, float, float]:
    # The arguments are the settings helsinki_extent() reads: the cache's key.
    return transformed(helsinki_extent(), 3857).extent


def _service_bounds() -> tuple[float, float, float, float]:
    """Helsinki's accepted extent (with its margin) in EPSG:3857: no item lies outside it.
    Transformed once per process (per settings, which tests may change)."""
    return _bounds_of(tuple(settings.HELSINKI_EXTENT_3067), settings.HELSINKI_EXTENT_MARGIN_M, settings.PROJECTION_SRID)


def tile_box(z: int, x: int, y: int) -> str | None:
    """The part of the tile inside the city as a densified EWKT polygon in EPSG:3857
    (None when the tile lies outside the city). A tile far larger than the city (low
    zoom) cannot be transformed to 3067 meaningfully, hence the cut."""
    xmin, ymin, xmax, ymax = tile_bounds(z, x, y)
    sxmin, symin, sxmax, symax = _service_bounds()
    xmin, ymin, xmax, ymax = max(xmin, sxmin), max(ymin, symin), min(xmax, sxmax), min(ymax, symax)
    if xmin >= xmax or ymin >= ymax:
        return None
    corners = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    ring = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        for step in range(EDGE_STEPS):
            t = step / EDGE_STEPS
            ring.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    ring.append(ring[0])
    # repr() writes a float so that it reads back as the same number.
    return "SRID=3857;POLYGON((" + ",".join(f"{a!r} {b!r}" for a, b in ring) + "))"


def tile_properties(collection: Collection, raw: str | None) -> tuple[str, ...]:
    """The published properties named in `raw` (comma-separated), in the collection's
    order; every published one when `raw` is absent or empty."""
    published = features.property_names(collection)
    if raw in (None, ""):
        return tuple(published)
    asked = {name.strip() for name in raw.split(",") if name.strip()}
    for name in sorted(asked):
        if name not in published:
            raise OgcError(MSG_PROPERTIES.format(layer=collection.id, name=name[:50], allowed=", ".join(published)))
    return tuple(name for name in published if name in asked)


def tile_mvt(
    *,
    collection: Collection,
    z: int,
    x: int,
    y: int,
    names: tuple[str, ...] | None = None,
    filters: list | None = None,
) -> bytes:
    """The tile as MVT bytes (empty when nothing lies in it), with the properties
    `names` (all published ones by default) and `filters` from queryable_values
    (?status=pending), as the collection's items take them."""
    box = tile_box(z, x, y)
    if box is None:
        return b""
    filters = filters or []
    names = tuple(features.property_names(collection)) if names is None else names
    query = tile_query(collection, names=names, filtered=tuple(q for q, _value in filters))
    with connection.cursor() as cursor:
        cursor.execute(query.sql, (collection.id, z, x, y, *query.params, box, *(value for _q, value in filters)))
        data = cursor.fetchone()[0]
    return bytes(data or b"")


def _field_kind(model, path: object) -> str:
    """What TileJSON's vector_layers say of a property: Number, Boolean or String."""
    field = None
    if isinstance(path, str):
        for name in path.split("__"):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                return "String"
            model = field.related_model or model
    elif hasattr(path, "output_field"):
        try:
            field = path.output_field
        except FieldError:  # an F() resolves only in a query
            return "String"
    if isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField)):
        return "Number"
    if isinstance(field, models.BooleanField):
        return "Boolean"
    return "String"


def tilejson_document(request, collection: Collection) -> dict:
    """TileJSON 3.0.0 of a layer: where its tiles are, how far they zoom, what each feature carries."""
    model = collection.items().model
    # The layer's own extent; an empty layer's tiles cover the city.
    spatial = features.collection_extent(collection).get("spatial")
    west, south, east, north = spatial["bbox"][0] if spatial else transformed(helsinki_extent(), 4326).extent
    fields = {name: _field_kind(model, path) for name, path in collection.properties.items()}
    template = request.build_absolute_uri(f"/tiles/{collection.id}/") + "{z}/{x}/{y}.mvt"
    return {
        "tilejson": "3.0.0",
        "name": str(collection.title),
        "description": str(collection.description),
        "attribution": settings.OGC_ATTRIBUTION,
        "tiles": [template],
        "scheme": "xyz",
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": [west, south, east, north],
        "center": [(west + east) / 2, (south + north) / 2, 11],
        "vector_layers": [
            {
                "id": collection.id,
                "description": str(collection.description),
                "minzoom": 0,
                "maxzoom": MAX_ZOOM,
                "fields": fields,
            }
        ],
    }


def tilejson(request, layer: str):
    if request.method not in ("GET", "HEAD"):
        return ogc_error_response(OgcError(str(_("Only GET is supported.")), status=405, code="MethodNotAllowed"))
    collection = collection_registry.get(layer)
    if collection is None:
        return ogc_error_response(OgcError(MSG_UNKNOWN_LAYER.format(layer=layer[:80]), status=404, code="NotFound"))
    response = JsonResponse(tilejson_document(request, collection), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={settings.OGC_TILE_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def tile(request, layer: str, z: str, x: str, y: str):
    if request.method not in ("GET", "HEAD"):
        return ogc_error_response(OgcError(str(_("Only GET is supported.")), status=405, code="MethodNotAllowed"))
    collection = collection_registry.get(layer)
    if collection is None:
        return ogc_error_response(OgcError(MSG_UNKNOWN_LAYER.format(layer=layer[:80]), status=404, code="NotFound"))
    zoom = _coordinate(z, MAX_ZOOM)
    column = _coordinate(x, (1 << zoom) - 1) if zoom is not None else None
    row = _coordinate(y, (1 << zoom) - 1) if zoom is not None else None
    if zoom is None or column is None or row is None:
        return ogc_error_response(OgcError(MSG_TILE.format(max_zoom=MAX_ZOOM, z=z[:10], x=x[:10], y=y[:10])))
    try:
        filters = queryable_values(request.GET, collection)
        names = tile_properties(collection, request.GET.get("properties"))
    except OgcError as error:
        return ogc_error_response(error)
    data = tile_mvt(collection=collection, z=zoom, x=column, y=row, names=names, filters=filters)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    # Compression weakens the tag it sends (W/"..."); a client sends that back.
    asked = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in asked:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.OGC_TILE_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
