from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import BooleanField, JSONField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Replace
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import AsJSON, JSONBuildObject, model_field_expression, translated
from areas.api.serializers import GeoJSONTextField
from areas.selectors import geojson_annotation
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

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        """What Case's properties and CaseLocationSerializer give, in SQL."""
        ahjo_id = Replace(F("case_id"), Value(" "), Value("-"))
        url_start, url_end = settings.AHJO_CASE_URL.split("{id}")
        location = {
            name: model_field_expression(CaseLocation, name) for name in CaseLocationSerializer.Meta.fields[:-1]
        }
        locations = (
            CaseLocation.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(
                json=JSONBAgg(
                    JSONBuildObject(
                        {**location, "geometry": AsJSON(geojson_annotation("geometry", srid))}, as_text=False
                    ),
                    order_by="id",
                )
            )
            .values("json")
        )
        return {
            "display_title": Coalesce(
                NullIf(translated(Case, "title"), Value("")), NullIf(F("classification_title"), Value("")), F("case_id")
            ),
            "ahjo_id": ahjo_id,
            "ahjo_url": Concat(Value(url_start), Lower(ahjo_id), Value(url_end)),
            "is_located": ExpressionWrapper(Q(geometry__isnull=False), output_field=BooleanField()),
            "locations": Coalesce(Subquery(locations), Value([], output_field=JSONField())),
        }

    @extend_schema_field(serializers.CharField())
    def get_title(self, obj) -> str:
        return obj.title or ""

    def get_is_located(self, obj) -> bool:
        return obj.geometry is not None
