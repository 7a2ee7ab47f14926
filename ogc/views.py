"""OGC API – Features views: thin, each parses, calls ogc.features, renders.

JSON bodies are built as text (features come finished from PostGIS); HTML is a
small template over the same data. Every refusal is an OGC exception body.
"""

from __future__ import annotations

import datetime
import functools
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from . import features, openapi, params
from .params import OFFERED_CRS, STORAGE_CRS, OgcError
from .registry import Collection, collection_registry

GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    # Part 3: /collections/{id}/queryables, and each queryable as a query parameter (?status=pending).
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
]
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
JSON_SCHEMA = "application/schema+json"

MSG_UNKNOWN_COLLECTION = _("There is no collection {id!r}.")
MSG_UNKNOWN_FEATURE = _("Collection {collection} has no feature {id!r}.")
MSG_FEATURE_ID = _("A feature id of collection {collection} is a whole number, not {id!r}.")


def ogc_error_response(error: OgcError) -> JsonResponse:
    return JsonResponse({"code": error.code, "description": error.description}, status=error.status)


def ogc_view(view):
    """Turn OgcError into its OGC exception response; allow only GET and HEAD."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = ogc_error_response(
                OgcError(_g("Only GET is supported."), status=405, code="MethodNotAllowed")
            )
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except OgcError as error:
            return ogc_error_response(error)

    return wrapper


def _url(request, path: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return request.build_absolute_uri(path) + (("?" + urlencode(query)) if query else "")


def _link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": str(title)}


def _self_links(request, path: str, json_type: str = "application/json", **query) -> list[dict]:
    wants = params.output_format(request)
    json_link = _link(_url(request, path, f="json", **query), "self" if wants == "json" else "alternate", json_type, _g("This document as JSON"))
    html_link = _link(_url(request, path, f="html", **query), "self" if wants == "html" else "alternate", "text/html", _g("This document as HTML"))
    return [json_link, html_link]


def _respond(request, data: dict, template: str, *, content_type: str = "application/json") -> HttpResponse:
    if params.output_format(request) == "html":
        return render(request, template, {"data": data})
    return HttpResponse(features.dumps(data), content_type=content_type)


def _collection(collection_id: str) -> Collection:
    collection = collection_registry.get(collection_id)
    if collection is None:
        raise OgcError(MSG_UNKNOWN_COLLECTION.format(id=collection_id[:80]), status=404, code="NotFound")
    return collection


@ogc_view
def landing(request):
    params.check_known(request.GET, params.COMMON)
    data = {
        "title": str(_("geo-osallisuus: Helsinki's participation map for planners")),
        "description": str(
            _("Area divisions, cases, city spaces and luotsi areas as OGC API – Features, vector tiles and downloads.")
        ),
        "links": _self_links(request, "/ogc/")
        + [
            _link(_url(request, "/ogc/api"), "service-desc", OPENAPI, _g("The API definition (OpenAPI 3.0)")),
            _link(_url(request, "/ogc/api", f="html"), "service-doc", "text/html", _g("The API definition as HTML")),
            _link(_url(request, "/ogc/conformance"), "conformance", "application/json", _g("Conformance classes")),
            _link(_url(request, "/ogc/collections"), "data", "application/json", _g("Collections")),
            *licence_links(request),
        ],
        "attribution": settings.OGC_ATTRIBUTION,
    }
    return _respond(request, data, "ogc/landing.html")


@ogc_view
def conformance(request):
    params.check_known(request.GET, params.COMMON)
    data = {"conformsTo": CONFORMANCE, "links": _self_links(request, "/ogc/conformance")}
    return _respond(request, data, "ogc/conformance.html")


@ogc_view
def api_definition(request):
    params.check_known(request.GET, params.COMMON)
    document = openapi.document(request, collection_registry.all())
    if params.output_format(request) == "html":
        return render(request, "ogc/api.html", {"data": document, "text": features.dumps(document)})
    return HttpResponse(features.dumps(document), content_type=OPENAPI)


def licence_links(request) -> list[dict]:
    """The licence of everything the API serves: the service's open-data page, and the licence itself."""
    return [
        _link(request.build_absolute_uri(reverse("map_ui:open-data")), "license", "text/html", _g("Open data and licences")),
        _link(settings.OGC_LICENSE_URL, "license", "text/html", settings.OGC_LICENSE_NAME),
    ]


def _collection_data(request, collection: Collection) -> dict:
    base = f"/ogc/collections/{collection.id}"
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "keywords": list(collection.keywords),
        "itemType": "feature",
        "extent": features.collection_extent(collection),
        "crs": [crs.uri for crs in OFFERED_CRS],
        "storageCrs": STORAGE_CRS,
        "attribution": settings.OGC_ATTRIBUTION,
        "links": licence_links(request)
        + [
            _link(_url(request, base), "self", "application/json", collection.title),
            _link(_url(request, f"{base}/queryables"), QUERYABLES_REL, JSON_SCHEMA, _g("The properties to filter on")),
            _link(_url(request, base, f="html"), "alternate", "text/html", collection.title),
            _link(_url(request, f"{base}/items"), "items", GEOJSON, _g("Features as GeoJSON")),
            _link(_url(request, f"{base}/items", f="html"), "items", "text/html", _g("Features as HTML")),
            _link(_url(request, f"/exports/{collection.id}.geojson"), "enclosure", GEOJSON, _g("Download as GeoJSON")),
            _link(_url(request, f"/exports/{collection.id}.csv"), "enclosure", "text/csv", _g("Download as CSV")),
            _link(
                _url(request, f"/exports/{collection.id}.csv", dialect="excel"),
                "enclosure",
                "text/csv",
                _g("Download for Excel (CSV, semicolons, decimal comma)"),
            ),
            _link(
                _url(request, f"/exports/{collection.id}.gpkg"),
                "enclosure",
                "application/geopackage+sqlite3",
                _g("Download as GeoPackage"),
            ),
        ],
    }


@ogc_view
def collections(request):
    params.check_known(request.GET, params.COMMON)
    data = {
        "links": _self_links(request, "/ogc/collections"),
        "crs": [crs.uri for crs in OFFERED_CRS],
        "collections": [_collection_data(request, c) for c in collection_registry.all()],
    }
    return _respond(request, data, "ogc/collections.html")


@ogc_view
def collection(request, collection_id: str):
    params.check_known(request.GET, params.COMMON)
    data = _collection_data(request, _collection(collection_id))
    return _respond(request, data, "ogc/collection.html")


@ogc_view
def queryables(request, collection_id: str):
    """OGC API – Features Part 3: the properties a client may filter on, as a JSON Schema."""
    collection = _collection(collection_id)
    params.check_known(request.GET, params.COMMON)
    path = f"/ogc/collections/{collection.id}/queryables"
    data = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _url(request, path),
        "type": "object",
        "title": str(collection.title),
        "description": _g("Filter the items with ?name=value; commas separate values of which any may match."),
        "properties": {
            queryable.name: {"title": queryable.name, "description": str(queryable.description), "type": queryable.kind}
            for queryable in collection.queryables
        },
        "additionalProperties": False,
        "links": _self_links(request, path, JSON_SCHEMA)
        + [_link(_url(request, f"/ogc/collections/{collection.id}"), "collection", "application/json", collection.title)],
    }
    return _respond(request, data, "ogc/queryables.html", content_type=JSON_SCHEMA)


def _geojson_headers(response: HttpResponse, crs: params.OutputCrs) -> HttpResponse:
    response["Content-Crs"] = f"<{crs.uri}>"
    return response


@ogc_view
def items(request, collection_id: str):
    collection = _collection(collection_id)
    query = request.GET
    params.check_known(query, params.items_allowed(collection))
    fmt = params.output_format(request)
    crs = params.crs(query.get("crs"))
    limit, offset = params.limit(query), params.offset(query)
    queryset = features.filtered(
        collection,
        bbox=params.bbox(query),
        interval=params.datetime_interval(query, collection),
        lookups=params.queryable_filters(query, collection),
    )
    matched = queryset.count()
    returned = max(0, min(limit, matched - offset))
    path = f"/ogc/collections/{collection.id}/items"
    kept = {k: v for k, v in query.items() if k not in ("offset", "limit", "f")}
    links = _self_links(request, path, GEOJSON, limit=limit, offset=offset, **kept)
    links.append(_link(_url(request, f"/ogc/collections/{collection.id}"), "collection", "application/json", collection.title))
    json_format = "html" if fmt == "html" else "json"
    if offset + limit < matched:
        next_query = dict(kept, limit=limit, offset=offset + limit, f=json_format)
        links.append(_link(_url(request, path, **next_query), "next", GEOJSON, _g("Next page")))
    if offset > 0:
        prev_query = dict(kept, limit=limit, offset=max(0, offset - limit), f=json_format)
        links.append(_link(_url(request, path, **prev_query), "prev", GEOJSON, _g("Previous page")))
    sql, sql_params = features.feature_sql(queryset[offset : offset + limit], collection, crs)
    stamp = timezone.now().astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if fmt == "html":
        rows = [features.json.loads(text) for (text,) in features.stream_rows(sql, sql_params)]
        return _geojson_headers(
            render(
                request,
                "ogc/items.html",
                {
                    "collection": collection,
                    "features": rows,
                    "names": list(collection.properties),
                    "links": links,
                    "matched": matched,
                    "returned": returned,
                    "offset": offset,
                    "crs": crs,
                },
            ),
            crs,
        )
    head = features.dumps(
        {"type": "FeatureCollection", "numberMatched": matched, "numberReturned": returned, "timeStamp": stamp, "links": links}
    )
    body = [head[:-1], ', "features": [']

    def stream():
        yield from body
        yield from features.stream_features(sql, sql_params)
        yield "]}"

    return _geojson_headers(StreamingHttpResponse(stream(), content_type=GEOJSON), crs)


@ogc_view
def item(request, collection_id: str, feature_id: str):
    collection = _collection(collection_id)
    params.check_known(request.GET, params.COMMON + ("crs",))
    crs = params.crs(request.GET.get("crs"))
    if not feature_id.isascii() or not feature_id.isdigit() or len(feature_id) > 18:
        raise OgcError(MSG_UNKNOWN_FEATURE.format(collection=collection.id, id=feature_id[:40]), status=404, code="NotFound")
    text = features.feature_one(collection, feature_id=int(feature_id), crs=crs)
    if text is None:
        raise OgcError(MSG_UNKNOWN_FEATURE.format(collection=collection.id, id=feature_id), status=404, code="NotFound")
    path = f"/ogc/collections/{collection.id}/items/{feature_id}"
    links = _self_links(request, path, GEOJSON, crs=request.GET.get("crs"))
    links.append(_link(_url(request, f"/ogc/collections/{collection.id}"), "collection", "application/json", collection.title))
    if params.output_format(request) == "html":
        feature = features.json.loads(text)
        return _geojson_headers(
            render(
                request,
                "ogc/items.html",
                {
                    "collection": collection,
                    "features": [feature],
                    "names": list(collection.properties),
                    "links": links,
                    "matched": 1,
                    "returned": 1,
                    "offset": 0,
                    "crs": crs,
                },
            ),
            crs,
        )
    # The finished feature from PostGIS, with the links added as text.
    body = text[:-1] + ', "links": ' + features.dumps(links) + "}"
    return _geojson_headers(HttpResponse(body, content_type=GEOJSON), crs)
