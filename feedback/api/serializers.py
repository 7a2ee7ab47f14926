"""Feedback API serializers. None of them has a field for the exact point, the
address given or the contact details: public output is built from
`public_geojson` (the grid cell's centre) and the area index."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo_osallisuus.text_fields import PlainMultilineSerializerField, PlainTextSerializerField

from ..models import PUBLIC_GRID_M, FeedbackRequest, Service
from ..selectors import request_photo

MSG_UNKNOWN_SERVICE = _("Unknown service_code {value!r}; GET services.json lists them.")


class Open311ServiceSerializer(serializers.ModelSerializer):
    metadata = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    sector = serializers.CharField(source="default_sector.code", help_text="The sector that handles it by default.")

    class Meta:
        model = Service
        fields = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group", "sector")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_metadata(self, obj) -> bool:
        return False

    @extend_schema_field(OpenApiTypes.STR)
    def get_type(self, obj) -> str:
        return "realtime"


class ServiceCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="service_code", queryset=Service.objects.all(), **kwargs)

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(service_code=str(data)[:40])
        except Service.DoesNotExist:
            raise serializers.ValidationError(MSG_UNKNOWN_SERVICE.format(value=str(data)[:40])) from None


class Open311CreateSerializer(serializers.Serializer):
    service_code = ServiceCodeField(source="service")
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    long = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    description = PlainMultilineSerializerField(max_length=5000)
    address_string = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    first_name = PlainTextSerializerField(required=False, allow_blank=True, max_length=100, default="")
    last_name = PlainTextSerializerField(required=False, allow_blank=True, max_length=100, default="")
    # An https URL of a photo, stored and published (feedback.services checks it).
    media_url = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    # GeoReport v2 fields accepted and not stored: the service takes no phone numbers and needs
    # no API key for JSON clients; `locale` chooses the answer's language (open311.Open311View).
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, write_only=True)
    api_key = serializers.CharField(required=False, allow_blank=True, max_length=200, write_only=True)
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=200, write_only=True)
    account_id = serializers.CharField(required=False, allow_blank=True, max_length=200, write_only=True)
    locale = serializers.CharField(required=False, allow_blank=True, max_length=40, write_only=True)

    def validate(self, attrs):
        for name in ("phone", "api_key", "device_id", "account_id", "locale"):
            attrs.pop(name, None)
        return attrs


def public_lonlat(obj) -> tuple[float, float] | None:
    raw = getattr(obj, "public_geojson", None)
    if not raw:
        return None
    x, y = json.loads(raw)["coordinates"]
    return x, y


def public_areas(obj) -> list[dict]:
    return [
        {"id": m.area_id, "division": m.division.slug, "code": m.area.code, "name": m.area.name}
        for m in obj.area_memberships.all()
    ]


class Open311RequestSerializer(serializers.ModelSerializer):
    service_request_id = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField(help_text="open or closed (GeoReport v2).")
    detailed_status = serializers.CharField(source="status", help_text="open, in_progress or closed.")
    service_name = serializers.CharField(source="service.service_name")
    service_code = serializers.CharField(source="service.service_code")
    agency_responsible = serializers.SerializerMethodField()
    service_notice = serializers.SerializerMethodField()
    requested_datetime = serializers.DateTimeField(source="requested_at")
    updated_datetime = serializers.DateTimeField(source="updated_at")
    expected_datetime = serializers.SerializerMethodField(allow_null=True)
    lat = serializers.SerializerMethodField(allow_null=True, help_text="The centre of the request's 250 m grid cell, not its point.")
    long = serializers.SerializerMethodField(allow_null=True, help_text="The centre of the request's 250 m grid cell, not its point.")
    location_precision_m = serializers.SerializerMethodField()
    media_url = serializers.SerializerMethodField(
        allow_null=True, help_text="The https address of a photo the sender gave, or of the photo the service stores."
    )
    areas = serializers.SerializerMethodField(help_text="Every area of every division the request lies in.")
    stadiluotsi = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackRequest
        fields = (
            "service_request_id", "status", "detailed_status", "status_notes", "service_name", "service_code",
            "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
            "expected_datetime", "lat", "long", "location_precision_m", "media_url", "areas", "stadiluotsi",
        )  # fmt: skip

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, obj) -> str:
        return "closed" if obj.status == FeedbackRequest.Status.CLOSED else "open"

    @extend_schema_field(OpenApiTypes.STR)
    def get_agency_responsible(self, obj) -> str:
        return obj.sector.name if obj.sector_id else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_service_notice(self, obj) -> str:
        return ""

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_expected_datetime(self, obj):
        return None

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_lat(self, obj):
        found = public_lonlat(obj)
        return found and found[1]

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_long(self, obj):
        found = public_lonlat(obj)
        return found and found[0]

    @extend_schema_field(OpenApiTypes.INT)
    def get_location_precision_m(self, obj) -> int:
        return PUBLIC_GRID_M

    @extend_schema_field(OpenApiTypes.URI)
    def get_media_url(self, obj):
        if obj.media_url:
            return obj.media_url
        # A photo sent through the pages is served by the service itself (only lists of
        # requests that may be seen reach here: feedback_public_list).
        request = self.context.get("request")
        photo = request_photo(obj)
        if photo is None or request is None:
            return None
        return request.build_absolute_uri(reverse("feedback:photo", kwargs={"key": photo.key}))

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_areas(self, obj):
        return public_areas(obj)

    @extend_schema_field({"type": "object", "nullable": True})
    def get_stadiluotsi(self, obj):
        if obj.luotsi_id is None or obj.luotsi.erased_at is not None:
            return None
        return {"id": obj.luotsi_id, "name": obj.luotsi.name}


class SimilarFeedbackSerializer(Open311RequestSerializer):
    similarity = serializers.FloatField(read_only=True)
    similar_action = serializers.CharField(read_only=True, help_text="What to offer: support (open), follow (open feedback) or read_answer (answered, decided or closed).")
    follow_count = serializers.IntegerField(read_only=True)
    distance_m = serializers.SerializerMethodField(help_text="Metres from the point given to the request's grid cell centre.")

    class Meta(Open311RequestSerializer.Meta):
        fields = Open311RequestSerializer.Meta.fields + ("similarity", "similar_action", "follow_count", "distance_m")

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_m(self, obj):
        distance = getattr(obj, "distance", None)
        return None if distance is None else round(distance.m, -1)


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FeedbackRequest.Status.choices)
    status_notes = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=5000)

