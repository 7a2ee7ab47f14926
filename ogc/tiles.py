"""Vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt for every registered collection.

ST_AsMVT over the collection's published properties; geometry from the 3067
column transformed to web mercator (3857) and clipped by ST_AsMVTGeom to the
tile from ST_TileEnvelope. The index is used through a bbox filter on the
stored column: the tile's envelope, densified, transformed to 3067.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import connection, models
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext_lazy as _

from areas.api import params as located_params
from areas.geometry import helsinki_extent, transformed

from . import features
from .params import OgcError, queryable_filters
from .registry import Collection, collection_registry
from .views import ogc_error_response

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22
EXTENT = 4096
BUFFER = 64
# Half the width of web mercator's square world, in metres.
WORLD = 20037508.342789244

MSG_UNKNOWN_LAYER = _("There is no layer {layer!r}.")
MSG_TILE = _("A tile is z/x/y with whole numbers, z from 0 to {max_zoom} and x, y from 0 to 2^z - 1; not {z}/{x}/{y}.")


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's box in EPSG:3857, as ST_TileEnvelope computes it."""
    size = 2 * WORLD / (1 << z)
    return (-WORLD + x * size, WORLD - (y + 1) * size, -WORLD + (x + 1) * size, WORLD - y * size)


def _coordinate(value: str, high: int) -> int | None:
    if not value.isascii() or not value.isdigit() or len(value) > 8:
        return None
    number = int(value)
    return number if number <= high else None


def _service_bounds() -> tuple[float, float, float, float]:
    """Helsinki's accepted extent (with its margin) in EPSG:3857: no item lies outside it."""
    return transformed(helsinki_extent(), 3857).extent


def tile_mvt(*, layer: str, z: int, x: int, y: int, lookups: dict[str, object] | None = None) -> bytes:
    """The tile as MVT bytes (empty when nothing lies in it); `lookups` from the
    collection's queryables (?status=pending), as its items take them."""
    collection = collection_registry.get(layer)
    xmin, ymin, xmax, ymax = tile_bounds(z, x, y)
    # The index filter runs on the stored 3067 column. A tile far larger than
    # the city (low zoom) cannot be transformed to 3067 meaningfully, so the box
    # is first cut to the city's extent; a tile outside it is empty.
    sxmin, symin, sxmax, symax = _service_bounds()
    xmin, ymin, xmax, ymax = max(xmin, sxmin), max(ymin, symin), min(xmax, sxmax), min(ymax, symax)
    if xmin >= xmax or ymin >= ymax:
        return b""
    box = located_params.bbox({"bbox": f"{xmin},{ymin},{xmax},{ymax}", "bbox_srid": "3857"})
    queryset = features.filtered(collection, bbox=box, lookups=lookups).order_by()
    sql, params, names = features.table_sql(queryset, collection, Transform(collection.geometry, 3857))
    columns = ", ".join(f'q."{name}"' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsMVT(mvt, %s, %s, 'geom', 'fid') FROM ("
            f"SELECT q.fid, {columns}, ST_AsMVTGeom(q.geometry, ST_TileEnvelope(%s, %s, %s), %s, %s, true) AS geom "
            f"FROM ({sql}) q) mvt WHERE mvt.geom IS NOT NULL",
            (layer, EXTENT, z, x, y, EXTENT, BUFFER, *params),
        )
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
    if collection_registry.get(layer) is None:
        return ogc_error_response(OgcError(MSG_UNKNOWN_LAYER.format(layer=layer[:80]), status=404, code="NotFound"))
    zoom = _coordinate(z, MAX_ZOOM)
    column = _coordinate(x, (1 << zoom) - 1) if zoom is not None else None
    row = _coordinate(y, (1 << zoom) - 1) if zoom is not None else None
    if zoom is None or column is None or row is None:
        return ogc_error_response(OgcError(MSG_TILE.format(max_zoom=MAX_ZOOM, z=z[:10], x=x[:10], y=y[:10])))
    try:
        lookups = queryable_filters(request.GET, collection_registry.get(layer))
    except OgcError as error:
        return ogc_error_response(error)
    data = tile_mvt(layer=layer, z=zoom, x=column, y=row, lookups=lookups)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.OGC_TILE_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
