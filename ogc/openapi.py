"""The OpenAPI 3.0 definition of the OGC endpoints, built from the collection registry."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .params import OFFERED_CRS
from .registry import Collection

_EXCEPTION = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
}
_JSON_OK = {"application/json": {"schema": {"type": "object"}}, "text/html": {"schema": {"type": "string"}}}


def _parameter(name: str, description: str, schema: dict, *, style: str | None = None) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if style:
        parameter.update(style=style, explode=False)
    return parameter


def _parameters() -> dict:
    crs_schema = {"type": "string", "format": "uri", "enum": [crs.uri for crs in OFFERED_CRS]}
    return {
        "f": _parameter("f", _("The format of the response: json (default) or html."), {"type": "string", "enum": ["json", "html"]}),
        "limit": _parameter(
            "limit",
            _("How many features a page holds."),
            {"type": "integer", "minimum": 1, "maximum": settings.OGC_MAX_LIMIT, "default": settings.OGC_DEFAULT_LIMIT},
        ),
        "offset": _parameter("offset", _("How many features to skip."), {"type": "integer", "minimum": 0, "default": 0}),
        "bbox": _parameter(
            "bbox",
            _("Features intersecting min_x,min_y,max_x,max_y, in the axis order of bbox-crs (CRS84: lon,lat)."),
            {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
            style="form",
        ),
        "bbox-crs": _parameter("bbox-crs", _("The CRS of bbox (default CRS84)."), crs_schema),
        "crs": _parameter("crs", _("The CRS of the returned geometry (default CRS84)."), crs_schema),
        "datetime": _parameter(
            "datetime",
            _("A date-time, a date or an interval start/end (.. for an open end)."),
            {"type": "string"},
        ),
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _responses(media: dict) -> dict:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}
    return {
        "200": {"description": _("The answer."), "content": media},
        "400": {"description": _("A parameter is wrong."), "content": error},
        "404": {"description": _("Not found."), "content": error},
    }


def _get(operation_id: str, summary: str, parameters: list, media: dict | None = None) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": _responses(media or _JSON_OK),
        }
    }


def document(request, collections: list[Collection]) -> dict:
    geojson = {"application/geo+json": {"schema": {"type": "object"}}, "text/html": {"schema": {"type": "string"}}}
    paths = {
        "/": _get("getLandingPage", _("Landing page"), [_ref("f")]),
        "/conformance": _get("getConformance", _("Conformance classes"), [_ref("f")]),
        "/api": _get("getApi", _("This API definition"), [_ref("f")]),
        "/collections": _get("getCollections", _("The collections"), [_ref("f")]),
    }
    for collection in collections:
        base = f"/collections/{collection.id}"
        safe = collection.id.replace("-", "_")
        item_parameters = [_ref(n) for n in ("f", "limit", "offset", "bbox", "bbox-crs", "crs")]
        if collection.temporal:
            item_parameters.append(_ref("datetime"))
        for queryable in collection.queryables:
            item_parameters.append(
                _parameter(
                    queryable.name,
                    str(queryable.description) + " " + _("Comma-separated values match any of them."),
                    {"type": queryable.kind},
                )
            )
        paths[base] = _get(f"describe_{safe}", str(collection.title), [_ref("f")])
        paths[f"{base}/queryables"] = _get(f"getQueryables_{safe}", _("The properties to filter on"), [_ref("f")])
        paths[f"{base}/items"] = _get(f"getFeatures_{safe}", str(collection.title), item_parameters, geojson)
        paths[f"{base}/items/{{featureId}}"] = _get(
            f"getFeature_{safe}",
            str(collection.title),
            [
                {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}},
                _ref("f"),
                _ref("crs"),
            ],
            geojson,
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": _("geo-osallisuus OGC API – Features"),
            "version": "1.0.0",
            "description": _("Helsinki's area divisions and what lies in them, for planners' GIS tools."),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": request.build_absolute_uri("/ogc")}],
        "paths": paths,
        "components": {"parameters": _parameters(), "schemas": {"exception": _EXCEPTION}},
    }
