"""Initiative API serializers. None has a field for the author (only `is_mine`)."""

from __future__ import annotations

from django.db.models import Case, F, TextField, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import JSONBuildObject, choice_label, translated
from areas.geometry import GeometryError, parse_srid, point_from_coordinates
from budgeting.api.serializers import PointInputField
from feedback.models import Sector
from geo_osallisuus.text_fields import PlainMultilineSerializerField, PlainTextSerializerField

from ..kinds import QUESTIONS
from ..models import Initiative, InitiativeCategory

MSG_UNKNOWN_CATEGORY = _("Unknown category {value!r}.")


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CategoryField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=InitiativeCategory.objects.select_related("sector"), **kwargs)

    def to_internal_value(self, data):
        found = self.get_queryset().filter(code=str(data)[:40]).first()
        if found is None:
            raise serializers.ValidationError(MSG_UNKNOWN_CATEGORY.format(value=str(data)[:40]))
        return found


class KindAnswersSerializer(serializers.Serializer):
    about_past = serializers.BooleanField(required=False, default=False, help_text=str(QUESTIONS["about_past"]))
    own_benefit = serializers.BooleanField(required=False, default=False, help_text=str(QUESTIONS["own_benefit"]))
    pending_matter = serializers.BooleanField(required=False, default=False, help_text=str(QUESTIONS["pending_matter"]))


class InitiativeInputSerializer(KindAnswersSerializer):
    title = PlainTextSerializerField(max_length=200)
    text = PlainMultilineSerializerField(max_length=10000)
    category = CategoryField()
    youth = serializers.BooleanField(required=False, default=False)
    submit = serializers.BooleanField(required=False, default=True, help_text="false keeps a draft.")
    location = PointInputField(required=False, allow_null=True)
    srid = serializers.CharField(required=False, default="4326", help_text="CRS of location: 4326, 3067, 3879 or 3857.")

    def validate(self, attrs):
        coordinates = attrs.pop("location", None)
        srid = attrs.pop("srid", "4326")
        if coordinates is not None:
            try:
                attrs["point"] = point_from_coordinates(coordinates[0], coordinates[1], parse_srid(srid))
            except GeometryError as exc:
                raise serializers.ValidationError({"location": str(exc)}) from None
        return attrs


class InitiativeSerializer(LocatedFeatureSerializer):
    """An initiative as a GeoJSON feature: its place (null without one), the areas it lies in."""

    category = CodeNameSerializer(read_only=True)
    sector = CodeNameSerializer(read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    support_count = serializers.IntegerField(read_only=True)
    follow_count = serializers.IntegerField(read_only=True)
    is_mine = serializers.SerializerMethodField(help_text="Whether the signed-in user wrote it.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = Initiative
        fields = (
            "id", "title", "text", "category", "youth", "state", "state_label", "sector", "answer", "actions",
            "support_count", "follow_count", "is_mine", "submitted_at", "answered_at", "areas", "distance_m",
            "geometry",
        )  # fmt: skip

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        """Category and sector as CodeNameSerializer gives them (the name in the request's language),
        the state's label; the counts and `is_mine` as selectors.initiative_list annotates them."""
        category = {"code": F("category__code"), "name": translated(InitiativeCategory, "name", via="category__")}
        sector = {"code": F("sector__code"), "name": translated(Sector, "name", via="sector__")}
        return {
            "category": JSONBuildObject(category, as_text=False),
            "sector": Case(
                When(sector__isnull=False, then=JSONBuildObject(sector, as_text=False)), default=None, output_field=TextField()
            ),
            "state_label": choice_label("state", Initiative.State.choices),
            "support_count": F("support_count"),
            "follow_count": F("follow_count"),
            "is_mine": F("is_mine"),
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_mine(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.is_authenticated and obj.author_id == request.user.pk)


class SimilarInitiativeSerializer(InitiativeSerializer):
    similarity = serializers.FloatField(read_only=True)
    similar_action = serializers.CharField(read_only=True, help_text="What to offer: support (open), follow (open feedback) or read_answer (answered, decided or closed).")

    class Meta(InitiativeSerializer.Meta):
        fields = InitiativeSerializer.Meta.fields + ("similarity", "similar_action")


class HandleInputSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[Initiative.State.IN_PREPARATION, Initiative.State.ANSWERED])
    answer = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=10000, default="")
    actions = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=5000, default="")
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False, allow_null=True)
