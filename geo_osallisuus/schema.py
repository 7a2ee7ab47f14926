"""The OpenAPI schema's error responses, documented once for every operation.

drf-spectacular documents the success response of each view; the errors every
view can answer with come from DRF and from geo_osallisuus.api.exception_handler
and are the same everywhere, so they are added here instead of on each view.
The API fuzz (tests/security/test_fuzz_api.py) holds every response to this
schema: a status code the schema does not name is a failure.
"""

from __future__ import annotations

from django.contrib.gis.db import models as gis_models

from drf_spectacular.contrib.rest_framework_gis import GeoFeatureModelSerializerExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

ERROR = {
    "type": "object",
    "description": "A refusal with a human-readable reason.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation errors: {"detail": ...} or one list of messages per field
# (nested for nested fields), always an object with at least one member.
VALIDATION_ERROR = {
    "type": "object",
    "description": "What was wrong with the request: `detail`, or messages per parameter or field.",
    "minProperties": 1,
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}


# Open311 GeoReport v2 answers errors in its own format (feedback/api/open311.py).
OPEN311_ERROR = {
    "type": "array",
    "description": "GeoReport v2 errors.",
    "minItems": 1,
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}


def _any_geometry_schema() -> dict:
    from drf_spectacular.contrib import rest_framework_gis as gis

    single = [gis.build_point_geo_schema(), gis.build_linestring_geo_schema(), gis.build_polygon_geo_schema()]
    multi = [
        gis.build_geo_container_schema("MultiPoint", gis.build_array_type(gis.build_point_schema())),
        gis.build_geo_container_schema("MultiLineString", gis.build_array_type(gis.build_linestring_schema())),
        gis.build_geo_container_schema("MultiPolygon", gis.build_array_type(gis.build_polygon_schema())),
    ]
    collection = gis.build_geo_container_schema("GeometryCollection", gis.build_array_type({"oneOf": single + multi}))
    return {"oneOf": [*single, *multi, collection]}


class NullableGeometryFeatureExtension(GeoFeatureModelSerializerExtension):
    """GeoJSON features whose geometry may be null (an unlocated case or a
    proposal without a point): drf-spectacular's GIS extension documents every
    geometry as present, which the real features broke."""

    priority = 1

    def map_geo_feature_model_serializer(self, serializer, base_schema):
        from areas.api.serializers import GeoJSONTextField

        schema = super().map_geo_feature_model_serializer(serializer, base_schema)
        name = serializer.Meta.geo_field
        field = serializer.fields[name]
        model_field = next((f for f in serializer.Meta.model._meta.get_fields() if f.name == name), None)
        if type(model_field) is gis_models.GeometryField:
            # Any geometry (a case placed on a whole area is a MultiPolygon): the GIS extension's
            # "Geometry" lists only Point, LineString and Polygon.
            schema["properties"]["geometry"] = _any_geometry_schema()
        if isinstance(field, GeoJSONTextField) or field.allow_null or getattr(model_field, "null", False):
            schema["properties"]["geometry"]["nullable"] = True
        return schema


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema plus the documented error responses."""

    def _error_ref(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref

    def _is_public(self) -> bool:
        permissions = self.view.get_permissions()
        return all(isinstance(permission, AllowAny) for permission in permissions)

    def _has_path_parameters(self) -> bool:
        return "{" in self.path

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        if getattr(self.view, "openapi_error_format", None) == "open311":
            error = invalid = self._error_ref("Open311Error", OPEN311_ERROR)
        else:
            error = self._error_ref("Error", ERROR)
            invalid = self._error_ref("ValidationError", VALIDATION_ERROR)

        def add(code: str, description: str, ref: dict) -> None:
            responses.setdefault(code, {"content": {"application/json": {"schema": ref}}, "description": description})

        # An error a view names itself (extend_schema(responses={404: OpenApiResponse(description=...)}))
        # has the same body as every other error.
        for code, response in responses.items():
            if str(code).startswith("4") and not response.get("content"):
                response["content"] = {"application/json": {"schema": invalid if str(code) == "400" else error}}

        unsafe = self.method in UNSAFE_METHODS
        # Query parameters, path parameters and bodies are all validated; a
        # malformed one is a 400 with the reason.
        add("400", "The request's parameters or body are not valid.", invalid)
        # Bad credentials are refused on any operation; a public one needs none.
        if not self._is_public() or unsafe:
            add("401", "Not signed in.", error)
        add("403", "Signed-in user without the right to this, or bad credentials.", error)
        if self._has_path_parameters() or self._get_paginator() is not None:
            add("404", "No such object, or a page past the last one.", error)
        if unsafe:
            add("415", "The body's content type is not accepted.", error)
            add("429", "Too many writes: try again later (Retry-After).", error)
        return responses
