from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from areas.models import Area, DivisionType
from areas.selectors import area_ancestors


@extend_schema_field(
    {
        "type": "object",
        "description": "GeoJSON geometry in the requested CRS (EPSG:4326 lon/lat by default).",
        "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}}},
        "nullable": True,
    }
)
class GeoJSONTextField(serializers.Field):
    """A geometry that PostGIS has already rendered with ST_AsGeoJSON."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return json.loads(value) if value else None


class NamesMixin(serializers.Serializer):
    name = serializers.SerializerMethodField(help_text="Name in the request's language, with fallback.")

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj) -> str:
        return obj.name


class DivisionTypeSerializer(NamesMixin, serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    area_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DivisionType
        fields = ("slug", "name", "name_fi", "name_sv", "name_en", "parent", "is_official", "level", "area_count")


class AreaRefSerializer(NamesMixin, serializers.ModelSerializer):
    """An area named without its geometry, e.g. as someone's parent."""

    division = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Area
        fields = ("id", "division", "code", "name", "name_fi", "name_sv", "name_en")


class AreaFeatureSerializer(NamesMixin, GeoFeatureModelSerializer):
    division = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = AreaRefSerializer(read_only=True, allow_null=True)
    # PostGIS renders the geometry (ST_AsGeoJSON in the requested CRS); the
    # field keeps the model field's name so that the schema describes it.
    geometry = GeoJSONTextField(source="geojson")

    class Meta:
        model = Area
        geo_field = "geometry"
        id_field = "id"
        fields = (
            "id",
            "division",
            "code",
            "full_code",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "parent",
            "valid_from",
            "valid_to",
            "population",
            "population_year",
            "is_approximate",
            "source",
            "geometry",
        )


class LookupAreaSerializer(AreaRefSerializer):
    parents = serializers.SerializerMethodField(help_text="Parent chain, nearest first.")

    class Meta(AreaRefSerializer.Meta):
        fields = AreaRefSerializer.Meta.fields + ("is_approximate", "parents")

    @extend_schema_field(AreaRefSerializer(many=True))
    def get_parents(self, obj):
        return AreaRefSerializer(area_ancestors(obj), many=True, context=self.context).data


class LookupSerializer(serializers.Serializer):
    point = serializers.JSONField(help_text="The point as given (GeoJSON).")
    srid = serializers.IntegerField(help_text="CRS of `point`.")
    inside_helsinki = serializers.BooleanField()
    message = serializers.CharField(allow_null=True)
    areas = LookupAreaSerializer(many=True)


class AreaSummarySerializer(serializers.Serializer):
    area = LookupAreaSerializer(help_text="The area, with its parent chain.")
    counts = serializers.DictField(
        child=serializers.DictField(),
        help_text=(
            "Per kind of located content (cases, spaces, ...): `total` lying in or touching the area, `within` "
            "lying wholly inside it, and `by_<field>` counts (cases by status, spaces by kind)."
        ),
    )
