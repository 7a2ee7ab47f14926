"""Open-data downloads: /exports/{layer}.geojson, .csv and .gpkg.

Nothing loads a whole layer into Python: GeoJSON and CSV are streamed from a
server-side cursor (features finished by PostGIS), and the GeoPackage is
written by GDAL's ogr2ogr reading PostgreSQL directly into a temporary file.
ogr2ogr gets an argument list (no shell), the password in its environment (not
on the command line) and SQL whose values psycopg has quoted.

Every download carries its licence and attribution: GeoJSON and GeoPackage in
their metadata, every format in a Link header and Content-Disposition.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import psycopg
from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import F, Func, TextField, Value
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError

from geo_osallisuus.csv_output import csv_dialect, csv_streaming_response

from . import features
from .params import OFFERED_CRS, OgcError
from .registry import Collection, collection_registry
from .views import ogc_error_response

MSG_UNKNOWN_LAYER = _("There is no layer {layer!r}.")
MSG_EXPORT_FAILED = _("The GeoPackage could not be made; try again later.")
OGR2OGR_TIMEOUT_S = 600


def licence() -> dict[str, str]:
    return {
        "license": settings.OGC_LICENSE_NAME,
        "license_url": settings.OGC_LICENSE_URL,
        "attribution": settings.OGC_ATTRIBUTION,
    }


def _headers(response, collection: Collection, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{collection.id}.{extension}"'
    response["Link"] = f'<{settings.OGC_LICENSE_URL}>; rel="license"'
    # Header values are ASCII (latin-1 at most).
    response["X-Attribution"] = settings.OGC_ATTRIBUTION.replace("©", "(c)").encode("ascii", "replace").decode()
    return response


def geojson_stream(collection: Collection):
    """The whole layer as an RFC 7946 FeatureCollection (CRS84), text chunk by text chunk."""
    sql, params = features.feature_sql(collection.items(), collection, OFFERED_CRS[0])
    head = features.dumps(
        {"type": "FeatureCollection", "name": collection.id, "title": str(collection.title), **licence()}
    )
    yield head[:-1] + ', "features": ['
    yield from features.stream_features(sql, params)
    yield "]}\n"


def csv_rows(collection: Collection):
    """The layer as CSV rows: id, the properties, the geometry as WKT in CRS84 and, for points, lon and lat."""
    # ST_AsText with 7 decimals: about 1 cm in degrees.
    geometry = Func(Transform(collection.geometry, 4326), Value(7), function="ST_AsText", output_field=TextField())
    sql, params, names = features.table_sql(collection.items(), collection, geometry)
    yield ["id", *names, "wkt", "lon", "lat"]
    for row in features.stream_rows(sql, params):
        fid, *values, wkt = row
        lon = lat = None
        if wkt and wkt.startswith("POINT(") and not wkt.startswith("POINT EMPTY"):
            # Numbers, not text: the Excel dialect writes them with a decimal comma.
            lon, lat = (Decimal(part) for part in wkt[6:-1].split(" "))
        yield [fid, *values, wkt, lon, lat]


def _conninfo_value(value: object) -> str:
    """A libpq connection-string value, quoted."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def gpkg_file(collection: Collection) -> Path:
    """The layer written to a GeoPackage (EPSG:3067, as stored) in a new temporary folder."""
    db = connection.settings_dict
    sql, params, _names = features.table_sql(collection.items(), collection, collection_geometry(collection))
    connection.ensure_connection()
    # psycopg quotes the values exactly as the server would receive them.
    with psycopg.ClientCursor(connection.connection) as cursor:
        query = cursor.mogrify(sql, params)
    parts = {"dbname": db["NAME"], "host": db.get("HOST") or "", "port": db.get("PORT") or "", "user": db.get("USER") or ""}
    conninfo = " ".join(f"{k}={_conninfo_value(v)}" for k, v in parts.items() if v)
    folder = Path(tempfile.mkdtemp(prefix="ogc-export-"))
    target = folder / f"{collection.id}.gpkg"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGPASSWORD": str(db.get("PASSWORD") or "")}
    info = licence()
    command = [
        "ogr2ogr",
        "-f",
        "GPKG",
        str(target),
        f"PG:{conninfo}",
        "-sql",
        query,
        "-nln",
        collection.id.replace("-", "_"),
        "-a_srs",
        f"EPSG:{settings.PROJECTION_SRID}",
        "-lco",
        f"IDENTIFIER={collection.title}",
        "-lco",
        f"DESCRIPTION={collection.description} {info['license']} {info['attribution']}",
        "-lco",
        "FID=fid",
        "-mo",
        f"LICENSE={info['license']}",
        "-mo",
        f"LICENSE_URL={info['license_url']}",
        "-mo",
        f"ATTRIBUTION={info['attribution']}",
        "-mo",
        f"TITLE={collection.title}",
    ]
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=OGR2OGR_TIMEOUT_S)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        _remove(folder)
        raise OgcError(MSG_EXPORT_FAILED, status=503, code="ServiceUnavailable") from None
    return target


def collection_geometry(collection: Collection):
    return F(collection.geometry)


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def export(request, layer: str, fmt: str):
    collection = collection_registry.get(layer)
    if collection is None:
        return ogc_error_response(OgcError(MSG_UNKNOWN_LAYER.format(layer=layer[:80]), status=404, code="NotFound"))
    if request.method not in ("GET", "HEAD"):
        return ogc_error_response(OgcError(_g("Only GET is supported."), status=405, code="MethodNotAllowed"))
    if fmt == "geojson":
        response = StreamingHttpResponse(geojson_stream(collection), content_type="application/geo+json")
    elif fmt == "csv":
        try:
            dialect = csv_dialect(request.GET)
        except ParseError as exc:
            return ogc_error_response(OgcError(str(exc.detail), status=400, code="InvalidParameterValue"))
        response = csv_streaming_response(csv_rows(collection), filename=f"{collection.id}.csv", dialect=dialect)
    else:
        try:
            target = gpkg_file(collection)
        except OgcError as error:
            return ogc_error_response(error)
        handle = target.open("rb")
        # The open handle keeps the file readable; its name and folder go now.
        _remove(target.parent)
        response = FileResponse(handle, content_type="application/geopackage+sqlite3")
    return _headers(response, collection, fmt)
