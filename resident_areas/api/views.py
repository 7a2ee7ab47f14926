"""/api/v1/resident-areas/: resident-defined areas, their moderation, history and overlaps.

Thin views: parse (the serializers below, resident_areas.parsing), call one
selector or service, render. A refused geometry is a GeometryError, which the
service's exception handler turns into a 400 with `detail`; nothing is stored.
"""

from __future__ import annotations

from django.contrib.gis.db.models.functions import Area as SurfaceArea
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from areas.api import params
from areas.api.pagination import GeoFeaturePagination
from areas.api.serializers import AreaRefSerializer, GeoJSONTextField
from areas.geometry import GeometryError
from geo_osallisuus import parsers, roles
from geo_osallisuus.permissions import MSG_SIGN_IN
from geo_osallisuus.text_fields import PlainMultilineSerializerField, PlainTextSerializerField
from resident_areas import definition, parsing, selectors, services
from resident_areas.models import ResidentArea, ResidentAreaState, ResidentAreaVersion

MSG_ONE_WAY = _("Define the area in exactly one way: geometry (GeoJSON with srid), file (GeoJSON or KML) or areas (ids).")
MSG_NOT_ALLOWED_MODERATE = _("Only the luotsit of the areas this area touches, planners and admins may moderate it.")
MSG_NOT_ALLOWED_EDIT = _("Only the author (until approval), planners and admins may change this area.")
MSG_NOT_ALLOWED_SUBMIT = _("Only the author may propose this area.")
MSG_UNKNOWN_STATE = _("Parameter state must be one of {allowed}, not {value!r}.")


class ResidentJSONParser(BaseParser):
    """JSON with the resident-area limits: size first, then UTF-8, then syntax, each a 400 with a message."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read(parsing.MAX_BYTES + 1) if stream is not None else b""
        try:
            text = parsing.decode(data)  # size first, then UTF-8
            return parsers.loads(text) if text.strip() else {}
        except (GeometryError, parsers.JSONInputError) as exc:
            raise ParseError(str(exc)) from None


# --- Input ---------------------------------------------------------------------------------


class ResidentAreaDefinitionSerializer(serializers.Serializer):
    """One of three ways to define the geometry."""

    geometry = serializers.JSONField(
        required=False,
        help_text="Drawn on the map: a GeoJSON Polygon or MultiPolygon (or a Feature/FeatureCollection of them).",
    )
    srid = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="CRS of `geometry` or `file`: 4326 (default), 3067, 3879, 3857."
    )
    file = serializers.FileField(required=False, help_text="An uploaded GeoJSON or KML file (multipart/form-data).")
    areas = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=services.MAX_SOURCE_AREAS,
        help_text="Ids of official areas (e.g. osa-alueet) whose union is the area.",
    )

    def validate(self, attrs):
        given = [key for key in ("geometry", "file", "areas") if attrs.get(key) not in (None, [], "")]
        if len(given) != 1:
            # A GeometryError passes through is_valid() to the handler: a 400 whose `detail` is the message.
            raise GeometryError(MSG_ONE_WAY)
        return attrs

    def defined(self) -> tuple[services.DefinedGeometry, dict[str, str]]:
        """(the geometry as given, the names found in the file or feature by language: fi, sv)."""
        data = self.validated_data
        if data.get("areas"):
            return definition.definition_from_areas(area_ids=data["areas"])
        if data.get("file") is not None:
            return definition.definition_from_upload(upload=data["file"], srid=data.get("srid"))
        return definition.definition_from_geojson(value=data["geometry"], srid=data.get("srid"))


class ResidentAreaCreateSerializer(ResidentAreaDefinitionSerializer):
    name_fi = PlainTextSerializerField(required=False, allow_blank=True, max_length=200, help_text="Name in Finnish (or from the file).")
    name_sv = PlainTextSerializerField(required=False, allow_blank=True, max_length=200)
    name_en = PlainTextSerializerField(required=False, allow_blank=True, max_length=200)
    description = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=4000)
    submit = serializers.BooleanField(
        required=False, default=True, help_text="Propose it for moderation now (default) or keep it a draft."
    )


# Its own component name: budgeting's ModerationSerializer is "Moderation", and
# two components of one name leave one operation documented with the other's body.
@extend_schema_serializer(component_name="ResidentAreaModeration")
class ModerationSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=("approve", "reject"))
    reason = PlainMultilineSerializerField(required=False, allow_blank=True, max_length=2000)


# --- Output --------------------------------------------------------------------------------


class ResidentAreaFeatureSerializer(GeoFeatureModelSerializer):
    geometry = GeoJSONTextField(source="geojson")
    name = serializers.CharField(read_only=True, help_text="Name in the request's language, with fallback.")
    division = serializers.SerializerMethodField(help_text="Always asukasalue: the resident-area division.")
    code = serializers.SerializerMethodField(help_text="The area's code (e.g. A-17) once approved, else null.")
    area = AreaRefSerializer(read_only=True, allow_null=True, help_text="The Area it became when approved.")
    surface_m2 = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField(help_text="Whether the requester wrote it (authors are never shown).")

    class Meta:
        model = ResidentArea
        geo_field = "geometry"
        id_field = "id"
        fields = (
            "id", "name", "name_fi", "name_sv", "name_en", "description", "state", "source", "division",
            "code", "area", "surface_m2", "moderation_reason", "moderated_at", "created_at", "modified_at",
            "is_mine", "geometry",
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_division(self, obj) -> str:
        return services.RESIDENT_DIVISION

    @extend_schema_field(OpenApiTypes.STR)
    def get_code(self, obj) -> str | None:
        return obj.area.code if obj.area_id else None

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_surface_m2(self, obj) -> float | None:
        surface = getattr(obj, "surface", None)
        return None if surface is None else round(surface.sq_m, 1)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_mine(self, obj) -> bool:
        user = self.context["request"].user
        return bool(user.is_authenticated and obj.author_id == user.pk)


class ResidentAreaVersionSerializer(GeoFeatureModelSerializer):
    geometry = GeoJSONTextField(source="geojson")
    changed_by = serializers.SerializerMethodField(
        help_text="Username of who made the version: shown to planners, admins and the person themself."
    )

    class Meta:
        model = ResidentAreaVersion
        geo_field = "geometry"
        id_field = "id"
        fields = ("id", "number", "source", "repaired", "clipped", "changed_at", "changed_by", "geometry")

    @extend_schema_field(OpenApiTypes.STR)
    def get_changed_by(self, obj) -> str | None:
        user = self.context["request"].user
        if obj.changed_by is None:
            return None
        if roles.user_is_planner(user) or obj.changed_by_id == user.pk:
            return obj.changed_by.get_username()
        return None


class OverlapAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    overlap_m2 = serializers.FloatField(help_text="Surface shared with the resident area, m² (EPSG:3067).")
    share = serializers.FloatField(help_text="Share of the resident area's surface in this area (0–1).")
    percent = serializers.FloatField()
    share_of_official_area = serializers.FloatField(help_text="Share of this area's own surface inside the resident area.")
    population = serializers.IntegerField(allow_null=True)


class OverlapDivisionSerializer(serializers.Serializer):
    division = serializers.CharField()
    name = serializers.CharField()
    covered_share = serializers.FloatField(help_text="Sum of the shares: 1 where the division covers the area.")
    covered_percent = serializers.FloatField()
    population_estimate = serializers.IntegerField(
        allow_null=True, help_text="Area-weighted estimate, when every overlapped area's population is known."
    )
    areas = OverlapAreaSerializer(many=True)


class OverlapSerializer(serializers.Serializer):
    surface_m2 = serializers.FloatField()
    population_estimate = serializers.IntegerField(allow_null=True, help_text="From the finest division with populations.")
    divisions = OverlapDivisionSerializer(many=True)
    contents = serializers.DictField(child=serializers.DictField(), help_text="Located items inside: cases, spaces, ...")


# --- Views -----------------------------------------------------------------------------------


@extend_schema(parameters=[params.SRID_PARAMETER])
class ResidentAreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Resident-defined areas as GeoJSON: approved ones for everyone; proposals for their
    authors, the luotsit of the areas they touch, planners and admins."""
    # Ids are integers: anything else matches no URL (a JSON 404), not a ValueError in the query.
    lookup_value_regex = r"\d+"

    serializer_class = ResidentAreaFeatureSerializer
    pagination_class = GeoFeaturePagination
    permission_classes = [AllowAny]
    parser_classes = [ResidentJSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        self.request.output_srid = params.output_srid(self.request.query_params)
        queryset = selectors.resident_area_list(user=self.request.user, srid=self.request.output_srid).annotate(
            surface=SurfaceArea("geometry")
        )
        if self.action == "list":
            state = params.text(self.request.query_params, "state", max_length=20)
            if state is not None:
                if state not in ResidentAreaState.values:
                    raise ParseError(MSG_UNKNOWN_STATE.format(allowed=", ".join(ResidentAreaState.values), value=state))
                queryset = queryset.filter(state=state)
            touches = params.integer(self.request.query_params, "touches", low=1)
            if touches is not None:
                from areas.models import Area

                get_object_or_404(Area, pk=touches)
                queryset = queryset.filter(selectors.resident_area_overlapped_by(Area.objects.filter(pk=touches)))
        return queryset

    def _visible(self, pk) -> ResidentArea:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _render(self, resident_area: ResidentArea, **extra) -> dict:
        data = dict(self.get_serializer(self._visible(resident_area.pk)).data)
        data.update(extra)
        if self.request.output_srid != 4326:
            data["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{self.request.output_srid}"}}
        return data

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=ResidentAreaState.values, description="Only areas in this state."),
            OpenApiParameter("touches", int, description="Only areas that share surface with the area of this id."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._render(self._visible(kwargs["pk"])))

    @extend_schema(
        request={"application/json": ResidentAreaCreateSerializer, "multipart/form-data": ResidentAreaCreateSerializer},
        responses={201: ResidentAreaFeatureSerializer},
        description=(
            "Define a resident area in one of three ways: `geometry` drawn on the map (GeoJSON, `srid` beside it), "
            "an uploaded `file` (GeoJSON or KML, multipart), or `areas` (official area ids, united in PostGIS). "
            "The geometry is repaired when that is safe and clipped to the city; the response says so in "
            "`repaired`, `clipped` and `notices`. Refused geometry is a 400 and nothing is stored."
        ),
    )
    def create(self, request, *args, **kwargs):
        if not roles.user_is_signed_in(request.user):
            raise PermissionDenied(MSG_SIGN_IN)
        serializer = ResidentAreaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        defined, found = serializer.defined()
        data = serializer.validated_data
        # Names typed in the form win; the file's own names (its Swedish one too) fill the rest.
        result = services.resident_area_create(
            author=request.user,
            names={
                "fi": data.get("name_fi") or found.get("fi"),
                "sv": data.get("name_sv") or found.get("sv"),
                "en": data.get("name_en"),
            },
            description=data.get("description", ""),
            defined=defined,
            submit=data.get("submit", True),
        )
        self.get_queryset()  # sets output_srid
        body = self._render(result.resident_area, repaired=result.repaired, clipped=result.clipped, notices=list(result.notices))
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": ResidentAreaDefinitionSerializer, "multipart/form-data": ResidentAreaDefinitionSerializer},
        responses=ResidentAreaFeatureSerializer,
    )
    @action(detail=True, methods=["post"])
    def geometry(self, request, pk=None):
        """Change the geometry (any of the three ways); the earlier one stays in the history."""
        resident_area = self._visible(pk)
        if not selectors.resident_area_can_edit(user=request.user, resident_area=resident_area):
            raise PermissionDenied(MSG_NOT_ALLOWED_EDIT)
        serializer = ResidentAreaDefinitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        defined, _found = serializer.defined()
        result = services.resident_area_change_geometry(resident_area=resident_area, user=request.user, defined=defined)
        return Response(
            self._render(result.resident_area, repaired=result.repaired, clipped=result.clipped, notices=list(result.notices))
        )

    @extend_schema(request=None, responses=ResidentAreaFeatureSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Propose a draft (or a rejected area after changes) for moderation."""
        resident_area = self._visible(pk)
        if resident_area.author_id != request.user.pk and not roles.user_is_planner(request.user):
            raise PermissionDenied(MSG_NOT_ALLOWED_SUBMIT)
        return Response(self._render(services.resident_area_submit(resident_area=resident_area)))

    @extend_schema(request=ModerationSerializer, responses=ResidentAreaFeatureSerializer)
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        """Approve (it becomes an area of the resident-area division) or reject with a reason."""
        if not roles.user_is_signed_in(request.user):
            raise PermissionDenied(MSG_SIGN_IN)
        resident_area = get_object_or_404(ResidentArea, pk=pk)
        if not selectors.resident_area_can_moderate(user=request.user, resident_area=resident_area):
            raise PermissionDenied(MSG_NOT_ALLOWED_MODERATE)
        serializer = ModerationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resident_area = services.resident_area_moderate(
            resident_area=resident_area,
            moderator=request.user,
            approve=serializer.validated_data["decision"] == "approve",
            reason=serializer.validated_data.get("reason", ""),
        )
        self.get_queryset()
        return Response(self._render(resident_area))

    @extend_schema(responses=ResidentAreaVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every geometry the area has had, newest first, with who made it (to planners) and when."""
        resident_area = self._visible(pk)
        versions = selectors.resident_area_versions(resident_area=resident_area, srid=request.output_srid)
        data = ResidentAreaVersionSerializer(versions, many=True, context={"request": request}).data
        return Response(data)

    @extend_schema(responses=OverlapSerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def overlap(self, request, pk=None):
        """The share of the area in each official area of each division, a population estimate
        and counts of what lies inside."""
        resident_area = self._visible(pk)
        return Response(OverlapSerializer(selectors.resident_area_overlap(resident_area=resident_area)).data)
