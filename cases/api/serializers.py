from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.api.located import LocatedFeatureSerializer
from areas.api.serializers import GeoJSONTextField
from cases.models import Case, CaseLocation


class CaseLocationSerializer(serializers.ModelSerializer):
    geometry = GeoJSONTextField(source="geojson")

    class Meta:
        model = CaseLocation
        fields = ("id", "source", "precision", "matched_text", "description", "geometry")


class CaseFeatureSerializer(LocatedFeatureSerializer):
    title = serializers.SerializerMethodField(help_text="Title in the request's language, with fallback.")
    display_title = serializers.CharField(read_only=True, help_text="The title, or the classification without one.")
    ahjo_id = serializers.CharField(read_only=True, help_text="The id as Ahjo's API writes it: HEL-2025-007790.")
    ahjo_url = serializers.URLField(read_only=True, help_text="The case in the city's decision archive.")
    is_located = serializers.SerializerMethodField()
    locations = CaseLocationSerializer(many=True, read_only=True)

    class Meta(LocatedFeatureSerializer.Meta):
        model = Case
        fields = (
            "id",
            "case_id",
            "ahjo_id",
            "title",
            "title_fi",
            "title_sv",
            "display_title",
            "classification_code",
            "classification_title",
            "status",
            "status_ahjo",
            "sector",
            "sector_code",
            "language",
            "created",
            "acquired",
            "last_handled",
            "ahjo_url",
            "is_located",
            "locations",
            "areas",
            "distance_m",
            "is_demo",
            "geometry",
        )

    @extend_schema_field(serializers.CharField())
    def get_title(self, obj) -> str:
        return obj.title or ""

    def get_is_located(self, obj) -> bool:
        return obj.geometry is not None
