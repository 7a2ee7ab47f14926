"""Budgeting API serializers. None of them has a field for a voter, an author or a birth date."""

from __future__ import annotations

import math

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.api.located import LocatedFeatureSerializer
from areas.api.located_sql import area_ref, choice_label
from areas.api.serializers import AreaRefSerializer
from areas.geometry import GeometryError, parse_srid, point_from_coordinates
from areas.models import Area
from geo_osallisuus.text_fields import PlainMultilineSerializerField, PlainTextSerializerField

from ..models import AreaAllocation, BudgetRound, Project, Proposal

MSG_POINT_FORMAT = _('A location is a GeoJSON point: {"type": "Point", "coordinates": [x, y]}.')


class RoundSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    merges = serializers.SerializerMethodField()
    phase = serializers.SerializerMethodField(help_text="The phase today: proposals, planning, voting, results, implementation or over.")

    class Meta:
        model = BudgetRound
        fields = (
            "id", "year", "name", "name_fi", "name_sv", "name_en", "total_sum", "all_helsinki_share",
            "voting_age", "division", "merges", "phase", "proposals_opens", "proposals_closes",
            "planning_opens", "planning_closes", "voting_opens", "voting_closes", "results_on",
            "implementation_until",
        )  # fmt: skip

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_merges(self, obj):
        return [
            {"area": AreaRefSerializer(m.area).data, "into": AreaRefSerializer(m.into).data}
            for m in obj.merges.select_related("area__division", "into__division")
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_phase(self, obj) -> str:
        from ..phases import round_phase

        return round_phase(round=obj)


# Exact decimals travel as strings, as DRF renders a DecimalField.
DECIMAL_STRING = {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}


class AllocationAreaSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)
    share = serializers.SerializerMethodField(help_text="population / population of all budget areas")
    remainder = serializers.SerializerMethodField(help_text="quota − floor(quota): what the ranking sorts by")
    merged_areas = serializers.SerializerMethodField()

    class Meta:
        model = AreaAllocation
        fields = (
            "area", "population", "merged_population", "merged_areas", "share", "quota", "remainder",
            "remainder_rank", "got_extra_euro", "amount",
        )  # fmt: skip

    # The arithmetic is selectors.allocation_breakdown's, passed in as `shares` by allocation pk.
    @extend_schema_field(DECIMAL_STRING)
    def get_share(self, obj) -> str:
        return str(self.context["shares"][obj.pk].share)

    @extend_schema_field(DECIMAL_STRING)
    def get_remainder(self, obj) -> str:
        return str(self.context["shares"][obj.pk].remainder)

    @extend_schema_field(AreaRefSerializer(many=True))
    def get_merged_areas(self, obj):
        return AreaRefSerializer(self.context["shares"][obj.pk].merged_areas, many=True).data


class AllocationSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    total_sum = serializers.IntegerField()
    all_helsinki_share = serializers.DecimalField(max_digits=5, decimal_places=4)
    all_helsinki_quota = serializers.DecimalField(max_digits=16, decimal_places=6)
    all_helsinki_sum = serializers.IntegerField()
    areas_sum = serializers.IntegerField(help_text="total_sum − all_helsinki_sum, split by population")
    areas_population = serializers.IntegerField()
    euros_left_after_flooring = serializers.IntegerField()
    method = serializers.CharField()
    areas = AllocationAreaSerializer(many=True)


@extend_schema_field(
    {"type": "object", "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {"type": "number"}}}}
)
class PointInputField(serializers.Field):
    """A GeoJSON point in the `srid` given beside it (EPSG:4326 lon/lat by default)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Point":
            raise serializers.ValidationError(MSG_POINT_FORMAT)
        coordinates = data.get("coordinates")
        if (
            not isinstance(coordinates, list)
            or len(coordinates) != 2
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in coordinates)
        ):
            raise serializers.ValidationError(MSG_POINT_FORMAT)
        return coordinates

    def to_representation(self, value):
        return value


class _LocatedInput(serializers.Serializer):
    location = PointInputField(required=False, allow_null=True)
    srid = serializers.CharField(required=False, default="4326", help_text="CRS of location: 4326, 3067, 3879 or 3857.")
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False, allow_null=True)
    all_helsinki = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        coordinates = attrs.pop("location", None)
        srid = attrs.pop("srid", "4326")
        if coordinates is not None:
            try:
                attrs["location"] = point_from_coordinates(coordinates[0], coordinates[1], parse_srid(srid))
            except GeometryError as exc:
                raise serializers.ValidationError({"location": str(exc)}) from None
        return attrs


class ProposalInputSerializer(_LocatedInput):
    round = serializers.PrimaryKeyRelatedField(queryset=BudgetRound.objects.all())
    title = PlainTextSerializerField(max_length=200)
    description = PlainMultilineSerializerField(max_length=5000)


class ProposalSerializer(LocatedFeatureSerializer):
    """A proposal as a GeoJSON feature: the geometry is its point (null without one);
    `areas` every area it lies in or concerns; `budget_area` the one it is counted in."""

    budget_area = AreaRefSerializer(source="area", read_only=True, allow_null=True)
    support_count = serializers.IntegerField(read_only=True)
    is_mine = serializers.SerializerMethodField(help_text="Whether the signed-in user wrote it.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = Proposal
        fields = (
            "id", "round", "title", "description", "budget_area", "all_helsinki", "status",
            "moderation_reason", "merged_into", "support_count", "is_mine", "created_at", "areas", "distance_m",
            "geometry",
        )  # fmt: skip

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        """The budget area as AreaRefSerializer gives it; the support count and `is_mine` as
        selectors.proposal_list annotates them for the signed-in user (false for anyone anonymous)."""
        return {"budget_area": area_ref(), "support_count": F("support_count"), "is_mine": F("is_mine")}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_mine(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.is_authenticated and obj.author_id == request.user.pk)


class SimilarProposalSerializer(ProposalSerializer):
    similarity = serializers.FloatField(read_only=True)
    similar_action = serializers.CharField(read_only=True, help_text="What to offer: support (open), follow (open feedback) or read_answer (answered, decided or closed).")

    class Meta(ProposalSerializer.Meta):
        fields = ProposalSerializer.Meta.fields + ("similarity", "similar_action")


class ModerationSerializer(serializers.Serializer):
    # Withdrawing is the author's own act, not a moderation decision; a
    # withdrawn proposal also leaves the lists the answer is read from (the API
    # fuzz found the 500 it gave).
    status = serializers.ChoiceField(
        choices=[(value, label) for value, label in Proposal.Status.choices if value != Proposal.Status.WITHDRAWN]
    )
    reason = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=2000, default="")
    merged_into = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), required=False, allow_null=True)


class ProjectInputSerializer(_LocatedInput):
    round = serializers.PrimaryKeyRelatedField(queryset=BudgetRound.objects.all())
    title = PlainTextSerializerField(max_length=200)
    description = PlainMultilineSerializerField(max_length=10000)
    cost = serializers.IntegerField(min_value=1, max_value=2_000_000_000)
    proposals = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), many=True, required=False, default=list)


class ProjectSerializer(LocatedFeatureSerializer):
    """A project as a GeoJSON feature: the geometry is its point (with `map_points`,
    a point inside its area when it has none)."""

    budget_area = AreaRefSerializer(source="area", read_only=True, allow_null=True)
    proposals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    implementation_status_label = serializers.CharField(source="get_implementation_status_display", read_only=True)
    status_label = serializers.SerializerMethodField(help_text="Where the project stands, in words, for maps.")

    class Meta(LocatedFeatureSerializer.Meta):
        model = Project
        fields = (
            "id", "round", "title", "description", "cost", "budget_area", "all_helsinki", "proposals",
            "on_ballot", "implementation_status", "implementation_status_label", "status_label", "created_at",
            "areas", "distance_m", "geometry",
        )  # fmt: skip

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict:
        """AreaRefSerializer, the proposals' ids in Proposal's order and the labels in the
        request's language, in SQL."""
        proposals = (
            Project.proposals.through.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(ids=ArrayAgg("proposal_id", order_by=("-proposal__created_at", "-proposal_id")))
            .values("ids")
        )
        implementation = choice_label("implementation_status", Project.Implementation.choices)
        return {
            "budget_area": area_ref(),
            "proposals": Coalesce(Subquery(proposals), Value([], output_field=ArrayField(IntegerField()))),
            "implementation_status_label": implementation,
            "status_label": Case(
                When(~Q(implementation_status=Project.Implementation.NOT_STARTED), then=implementation),
                When(on_ballot=True, then=Value(str(_("in the vote")))),
                default=Value(str(_("not in the vote yet"))),
                output_field=TextField(),
            ),
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_label(self, obj) -> str:
        if obj.implementation_status != Project.Implementation.NOT_STARTED:
            return obj.get_implementation_status_display()
        return str(_("in the vote") if obj.on_ballot else _("not in the vote yet"))


class ImplementationSerializer(serializers.Serializer):
    implementation_status = serializers.ChoiceField(choices=Project.Implementation.choices)


class BallotInputSerializer(serializers.Serializer):
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True, help_text="The area you vote in (default: your home area)."
    )
    projects = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=200)


class BallotSerializer(serializers.Serializer):
    """The signed-in voter's own ballot; it is shown to no one else."""

    round = serializers.IntegerField()
    area = AreaRefSerializer(allow_null=True)
    suggested_area = AreaRefSerializer(allow_null=True, help_text="Your home area, suggested for the ballot.")
    projects = serializers.ListField(child=serializers.IntegerField())
    has_voted = serializers.BooleanField()
    can_vote = serializers.BooleanField()
    message = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
