from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.db.models import Case, TextField, When

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import area_code, translated
from spaces.models import Space
from events.models import AreaEvent


class AreaEventFeatureSerializer(LocatedFeatureSerializer):
    """An area event; the feature's geometry is its place (none when online or for a whole area)."""

    name = serializers.SerializerMethodField(help_text="Name in the request's language, with fallback.")
    description = serializers.SerializerMethodField(help_text="Description in the request's language.")
    space_name = serializers.SerializerMethodField(help_text="The city space it is held in, if any.")
    area_code = serializers.SerializerMethodField(help_text="The area it is for when it has no place of its own.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = AreaEvent
        fields = (
            "id",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "description",
            "start_time",
            "end_time",
            "is_online",
            "space",
            "space_name",
            "area_code",
            "keywords",
            "organiser_name",
            "info_url",
            "status",
            "source",
            "source_id",
            "areas",
            "distance_m",
            "is_demo",
            "geometry",
        )

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        space_name = translated(Space, "name", via="space__")
        return {
            "space_name": Case(When(space__isnull=False, then=space_name), default=None, output_field=TextField()),
            "area_code": area_code(),
        }

    @extend_schema_field(serializers.CharField())
    def get_name(self, obj) -> str:
        return obj.name or ""

    @extend_schema_field(serializers.CharField())
    def get_description(self, obj) -> str:
        return obj.description or ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_space_name(self, obj) -> str | None:
        return obj.space.name if obj.space_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_area_code(self, obj) -> str | None:
        return f"{obj.area.division.slug}:{obj.area.code}" if obj.area_id else None
