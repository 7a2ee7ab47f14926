from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..selectors import ADDRESS, AREA, CASE, SPACE, STREET


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "GeoJSON Point in EPSG:4326 (lon, lat): where to move the map; null for a case with no place.",
        "properties": {"type": {"type": "string", "enum": ["Point"]}, "coordinates": {"type": "array", "items": {"type": "number"}}},
    }
)
class PointField(serializers.Field):
    def to_representation(self, value):
        return {"type": "Point", "coordinates": [round(value.x, 7), round(value.y, 7)]}


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[ADDRESS, STREET, AREA, SPACE, CASE], help_text="What the hit is.")
    name = serializers.CharField(help_text="Name in the request's language, with the Finnish one as fallback.")
    detail = serializers.CharField(help_text="What tells hits of one name apart: division and code, postal code, case id.")
    point = PointField(allow_null=True)
    bbox = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="An area's [west, south, east, north] in EPSG:4326."
    )
    url = serializers.CharField(help_text="The hit's page (for an address or a street: what is near it).")


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    count = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
