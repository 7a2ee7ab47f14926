"""Serializers of the luotsit API.

Reads are rendered from the plain dicts the selectors build (`selectors.luotsi_card`),
so that the map pages and the API show a luotsi the same way; these classes
describe them for the OpenAPI schema. Writes validate with model serializers
and go through `services`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from areas.api.serializers import GeoJSONTextField
from areas.models import Area

from ..models import Luotsi, Role
from ..services import MANAGER_FIELDS, OWNER_FIELDS

MSG_UNKNOWN_AREA = _("There is no area with id {pk_value}.")
MSG_UNKNOWN_USER = _("There is no user account named {value}.")


class LuotsiAreaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    division = serializers.CharField(help_text="Division slug, e.g. suurpiiri.")
    code = serializers.CharField()
    name = serializers.CharField(help_text="Name in the request's language, with fallback.")
    name_fi = serializers.CharField(allow_null=True)
    name_sv = serializers.CharField(allow_null=True)
    name_en = serializers.CharField(allow_null=True)


class LuotsiCardSerializer(serializers.Serializer):
    """The public luotsi card: a contact field is null unless the luotsi allows its publication."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(help_text="The role in the request's language.")
    title = serializers.CharField(help_text="Title in the request's language, with fallback.")
    title_fi = serializers.CharField(allow_null=True)
    title_sv = serializers.CharField(allow_null=True)
    title_en = serializers.CharField(allow_null=True)
    email = serializers.EmailField(allow_null=True, help_text="Null unless published.")
    phone = serializers.CharField(allow_null=True, help_text="Null unless published.")
    photo_url = serializers.URLField(allow_null=True, help_text="Null unless published.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Languages spoken (ISO 639).")
    areas = LuotsiAreaRefSerializer(many=True, help_text="Areas the luotsi serves directly.")


class LuotsiFullSerializer(LuotsiCardSerializer):
    """What the luotsi themself, planners and admins see: every contact and the flags."""

    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    photo_url = serializers.CharField(allow_blank=True)
    publish_email = serializers.BooleanField()
    publish_phone = serializers.BooleanField()
    publish_photo = serializers.BooleanField()
    is_active = serializers.BooleanField()
    active_from = serializers.DateField(allow_null=True)
    active_to = serializers.DateField(allow_null=True)
    erased_at = serializers.DateTimeField(allow_null=True)
    user = serializers.CharField(allow_null=True, help_text="Username of the linked account.")


class AreaLuotsiCardSerializer(LuotsiCardSerializer):
    """A card as an area shows it: with the area it is inherited from."""

    served_area = LuotsiAreaRefSerializer(help_text="The area the luotsi serves directly.")
    is_fallback = serializers.BooleanField(help_text="True when inherited from a larger area.")


class RoleMatchSerializer(serializers.Serializer):
    area = LuotsiAreaRefSerializer(allow_null=True, help_text="The smallest area of the chain with a luotsi of this role.")
    is_fallback = serializers.BooleanField(help_text="True when found in a larger area than the first one.")
    luotsit = LuotsiCardSerializer(many=True, help_text="Normally one; more when areas overlap.")


class LookupQuerySerializer(serializers.Serializer):
    point = serializers.JSONField(allow_null=True, help_text="The point as given (GeoJSON).")
    srid = serializers.IntegerField(allow_null=True, help_text="CRS of `point`.")
    area = LuotsiAreaRefSerializer(allow_null=True)


class LuotsiLookupSerializer(serializers.Serializer):
    query = LookupQuerySerializer()
    inside_helsinki = serializers.BooleanField()
    message = serializers.CharField(allow_null=True)
    areas = LuotsiAreaRefSerializer(many=True, help_text="The areas searched, smallest first.")
    stadiluotsi = RoleMatchSerializer()
    yritysluotsi = RoleMatchSerializer()


class CoverageLuotsiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoveragePropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    division = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_fi = serializers.CharField(allow_null=True)
    name_sv = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["gap", "covered", "overlap"])
    direct_count = serializers.IntegerField(help_text="Active luotsit of the role serving the area itself.")
    effective_count = serializers.IntegerField(help_text="Active luotsit serving it, inherited if need be.")
    served_area_id = serializers.IntegerField(allow_null=True)
    is_inherited = serializers.BooleanField()
    luotsit = CoverageLuotsiSerializer(many=True)


class CoverageFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(default="Feature")
    id = serializers.IntegerField()
    geometry = GeoJSONTextField()
    properties = CoveragePropertiesSerializer()


class CoverageSerializer(serializers.Serializer):
    type = serializers.CharField(default="FeatureCollection")
    division = serializers.CharField()
    role = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Areas per status.")
    features = CoverageFeatureSerializer(many=True)


class AreaContentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField(allow_null=True)


class DashboardAreaSerializer(serializers.Serializer):
    area = LuotsiAreaRefSerializer()
    contents = AreaContentSerializer(many=True)


class LuotsiMeSerializer(serializers.Serializer):
    luotsi = LuotsiFullSerializer()
    areas = DashboardAreaSerializer(many=True)


# --- Writes ---------------------------------------------------------------------


class LuotsiWriteSerializer(serializers.ModelSerializer):
    """What planners and admins may set. `area_ids` replaces the areas served."""

    area_ids = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        many=True,
        required=False,
        source="areas",
        error_messages={"does_not_exist": MSG_UNKNOWN_AREA},
    )
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": MSG_UNKNOWN_USER},
    )

    class Meta:
        model = Luotsi
        fields = tuple(sorted(MANAGER_FIELDS)) + ("area_ids",)
        extra_kwargs = {"name": {"required": True, "allow_blank": False}}


class LuotsiOwnerWriteSerializer(serializers.ModelSerializer):
    """What a luotsi may change in their own profile."""

    class Meta:
        model = Luotsi
        fields = tuple(sorted(OWNER_FIELDS))
        extra_kwargs = {"name": {"allow_blank": False}}
