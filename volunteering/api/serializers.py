from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.db.models import Case, F, Value, When

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import JSONBuildObject, area_code
from volunteering.models import Opportunity
from volunteering.selectors import contact_public


class OrganiserSerializer(serializers.Serializer):
    """The organiser; e-mail and phone are empty unless it consented to their publication."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    www = serializers.CharField()
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    def get_email(self, obj) -> str:
        return contact_public(obj)["email"]

    def get_phone(self, obj) -> str:
        return contact_public(obj)["phone"]


class OpportunityFeatureSerializer(LocatedFeatureSerializer):
    """A volunteering opportunity; the feature's geometry is its place (none when online or for a whole area)."""

    title = serializers.SerializerMethodField(help_text="Title in the request's language, with fallback.")
    description = serializers.SerializerMethodField(help_text="Description in the request's language.")
    organiser = OrganiserSerializer(read_only=True)
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    area_code = serializers.SerializerMethodField(help_text="The area it is for when it has no place of its own.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = Opportunity
        fields = (
            "id",
            "title",
            "title_fi",
            "title_sv",
            "title_en",
            "description",
            "kind",
            "organiser",
            "organiser_name",
            "is_online",
            "area_code",
            "time_kind",
            "start_time",
            "end_time",
            "schedule",
            "languages",
            "min_age",
            "max_age",
            "skills",
            "sign_up_url",
            "areas",
            "distance_m",
            "is_demo",
            "geometry",
        )

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        def contact(name):  # contact_public: empty without the organiser's consent
            return Case(When(organiser__publish_contact=True, then=F(f"organiser__{name}")), default=Value(""))

        organiser = {name: F(f"organiser__{name}") for name in ("id", "name", "kind", "www")}
        return {
            "organiser": JSONBuildObject({**organiser, "email": contact("email"), "phone": contact("phone")}, as_text=False),
            "organiser_name": F("organiser__name"),
            "area_code": area_code(),
        }

    @extend_schema_field(serializers.CharField())
    def get_title(self, obj) -> str:
        return obj.title or ""

    @extend_schema_field(serializers.CharField())
    def get_description(self, obj) -> str:
        return obj.description or ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_area_code(self, obj) -> str | None:
        return f"{obj.area.division.slug}:{obj.area.code}" if obj.area_id else None
