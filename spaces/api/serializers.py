from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.db.models import F

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import AsJSON
from areas.api.serializers import GeoJSONTextField
from spaces.models import Space


class SpaceFeatureSerializer(LocatedFeatureSerializer):
    """A city space; the feature's geometry is its entrance point, `footprint` the building or park."""

    name = serializers.SerializerMethodField(help_text="Name in the request's language, with fallback.")
    street_address = serializers.SerializerMethodField(help_text="Address in the request's language.")
    footprint = GeoJSONTextField(source="footprint_geojson", help_text="The building or park, when known.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = Space
        fields = (
            "id",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "description",
            "street_address",
            "street_address_fi",
            "street_address_sv",
            "postal_code",
            "municipality",
            "phone",
            "email",
            "www",
            "capacity",
            "wheelchair_accessible",
            "accessibility",
            "is_free",
            "price_info",
            "self_service",
            "opening_hours",
            "opening_hours_text",
            "booking_url",
            "origin_id",
            "footprint",
            "areas",
            "distance_m",
            "is_demo",
            "geometry",
        )

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        return {"footprint": AsJSON(F("footprint_geojson"))}

    @extend_schema_field(serializers.CharField())
    def get_name(self, obj) -> str:
        return obj.name or ""

    @extend_schema_field(serializers.CharField())
    def get_street_address(self, obj) -> str:
        return obj.street_address or ""
