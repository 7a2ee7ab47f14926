"""The luotsit API: cards, find-my-luotsi, coverage, a luotsi's own view. Thin:
parse, call a selector or service, render."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from areas.api import params as area_params
from areas.geocoding import address_find
from geo_osallisuus import roles
from geo_osallisuus.permissions import IsAdmin, IsPlanner, IsSignedIn

from .. import selectors, services
from ..models import Role
from . import params
from .filters import LuotsiFilter
from .permissions import LuotsiPermission, user_owns_luotsi
from .serializers import (
    CoverageSerializer,
    LuotsiCardSerializer,
    LuotsiFullSerializer,
    LuotsiLookupSerializer,
    LuotsiMeSerializer,
    LuotsiOwnerWriteSerializer,
    LuotsiWriteSerializer,
)

MSG_OUTSIDE_HELSINKI = _("The point is not inside Helsinki.")
MSG_NO_STADILUOTSI = _("No active stadiluotsi serves this place.")
MSG_OWNER_FIELDS = _("A luotsi may change only their own name, titles, contacts, languages and publication choices.")
MSG_INACTIVE_PLANNERS_ONLY = _("Only planners and admins may list luotsit who are not active.")
MSG_NOT_A_LUOTSI = _("Your account is not linked to a luotsi profile.")

def _may_see_full(request, luotsi) -> bool:
    return roles.user_is_planner(request.user) or user_owns_luotsi(request.user, luotsi)


def _card(request, luotsi) -> dict:
    full = _may_see_full(request, luotsi)
    card = selectors.luotsi_card(luotsi, full=full)
    return (LuotsiFullSerializer if full else LuotsiCardSerializer)(card).data


# Either body, by who asks: the full record (the luotsi themself, planners and
# admins) or the public card. Both components are in the schema through other
# operations (the areas' cards: LuotsiCard, deactivate: LuotsiFull).
CARD_OR_FULL = {"anyOf": [{"$ref": "#/components/schemas/LuotsiFull"}, {"$ref": "#/components/schemas/LuotsiCard"}]}


@extend_schema(responses=LuotsiCardSerializer)
class LuotsiViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stadiluotsit and yritysluotsit. Everyone sees the active luotsit with their
    published contacts; a luotsi sees all of their own; planners and admins see and
    manage all (`include_inactive=true` lists the inactive and erased too)."""

    permission_classes = [LuotsiPermission]
    filterset_class = LuotsiFilter
    pagination_class = None
    serializer_class = LuotsiCardSerializer

    def get_queryset(self):
        planner = roles.user_is_planner(self.request.user)
        include_inactive = params.boolean(self.request.query_params, "include_inactive", default=False)
        if include_inactive and not planner:
            raise PermissionDenied(MSG_INACTIVE_PLANNERS_ONLY)
        if self.action == "list":
            return selectors.luotsi_list(include_inactive=include_inactive)
        # One luotsi: planners reach any, a luotsi their own, everyone else the active.
        queryset = selectors.luotsi_list(include_inactive=True)
        if planner:
            return queryset
        active = selectors.luotsi_list().values("pk")
        if roles.user_is_signed_in(self.request.user):
            return queryset.filter(Q(pk__in=active) | Q(user=self.request.user))
        return queryset.filter(pk__in=active)

    def get_serializer_class(self):
        if self.action == "create":
            return LuotsiWriteSerializer
        if self.action in ("update", "partial_update"):
            if roles.user_is_planner(self.request.user):
                return LuotsiWriteSerializer
            return LuotsiOwnerWriteSerializer
        return LuotsiCardSerializer

    @extend_schema(
        parameters=[OpenApiParameter("include_inactive", bool, description="Planners and admins only.")],
        responses=OpenApiResponse(
            # A list action: drf-spectacular makes the array of these.
            response=CARD_OR_FULL,
            description="Cards; full records for planners and admins, and for a luotsi their own.",
        ),
    )
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        return Response([_card(request, luotsi) for luotsi in queryset])

    @extend_schema(
        responses=OpenApiResponse(response=CARD_OR_FULL, description="The card; the full record for its luotsi and planners."),
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(_card(request, self.get_object()))

    @extend_schema(request=LuotsiWriteSerializer, responses={201: LuotsiFullSerializer})
    def create(self, request, *args, **kwargs):
        serializer = LuotsiWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        areas = values.pop("areas", [])
        luotsi = services.luotsi_create(areas=areas, **values)
        luotsi = selectors.luotsi_list(include_inactive=True).get(pk=luotsi.pk)
        return Response(_card(request, luotsi), status=status.HTTP_201_CREATED)

    @extend_schema(request=LuotsiWriteSerializer, responses=LuotsiFullSerializer)
    def partial_update(self, request, *args, **kwargs):
        # As UpdateModelMixin does; here only to document the full record it answers with.
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(request=LuotsiWriteSerializer, responses=LuotsiFullSerializer)
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        luotsi = self.get_object()
        planner = roles.user_is_planner(request.user)
        if not planner:
            extra = set(request.data) - services.OWNER_FIELDS
            if extra:
                raise PermissionDenied(MSG_OWNER_FIELDS)
        serializer_class = LuotsiWriteSerializer if planner else LuotsiOwnerWriteSerializer
        serializer = serializer_class(luotsi, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        areas = values.pop("areas", None)
        fields = services.MANAGER_FIELDS if planner else services.OWNER_FIELDS
        luotsi = services.luotsi_update(luotsi=luotsi, fields=fields, **values)
        if areas is not None:
            services.luotsi_set_areas(luotsi=luotsi, areas=areas)
        luotsi = selectors.luotsi_list(include_inactive=True).get(pk=luotsi.pk)
        return Response(_card(request, luotsi))

    @extend_schema(request=None, responses=LuotsiFullSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsPlanner])
    def deactivate(self, request, pk=None):
        """The luotsi has left: inactive from today, areas kept as history. Planners and admins."""
        luotsi = services.luotsi_deactivate(luotsi=self.get_object())
        return Response(_card(request, selectors.luotsi_list(include_inactive=True).get(pk=luotsi.pk)))

    @extend_schema(request=None, responses=LuotsiFullSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAdmin])
    def erase(self, request, pk=None):
        """Erase the luotsi's personal data on request; the row and its areas stay. Admins only."""
        luotsi = services.luotsi_erase(luotsi=self.get_object())
        return Response(_card(request, selectors.luotsi_list(include_inactive=True).get(pk=luotsi.pk)))


def _area_refs(areas) -> list[dict]:
    return [selectors.area_ref(area) for area in areas]


def _match(request, match) -> dict:
    return {
        "area": selectors.area_ref(match.area) if match.area else None,
        "is_fallback": match.is_fallback,
        "luotsit": [LuotsiCardSerializer(selectors.luotsi_card(luotsi)).data for luotsi in match.luotsit],
    }


class LuotsiLookupView(APIView):
    """Find my luotsi: the active stadiluotsi and yritysluotsi serving a point or an area.

    The search starts from the smallest area (a point: the smallest area that
    contains it; an area: the area itself) and falls back to larger ones
    (osa-alue → peruspiiri → suurpiiri) until a luotsi of each role is found.
    Only published contact details are shown, whoever asks.
    """

    permission_classes = []

    @extend_schema(
        parameters=[
            *area_params.POINT_PARAMETERS,
            OpenApiParameter("area", int, description="Id of an area (instead of a point)."),
            OpenApiParameter("division", str, description="Division slug, with `code`, to name an area."),
            OpenApiParameter("code", str, description="The area's code in `division`."),
            OpenApiParameter(
                "address",
                str,
                description="A street address in the register, e.g. `Mannerheimintie 5` or `Mannerheimvägen 5` "
                "(instead of a point or an area).",
            ),
        ],
        responses={200: LuotsiLookupSerializer, 404: OpenApiResponse(description="No such address or area.")},
    )
    def get(self, request):
        query = request.query_params
        given_ways = sum(bool(x) for x in (params.has_point(query), params.has_area(query), "address" in query))
        if given_ways > 1:
            raise ParseError(params.MSG_POINT_OR_AREA)
        if "address" in query:
            address = address_find(text=query["address"])
            if address is None:
                raise NotFound(params.MSG_ADDRESS_NOT_FOUND.format(value=query["address"][:100]))
            result = selectors.luotsi_lookup_point(point=address.point)
            shown = address.point.transform(4326, clone=True)
            asked = {"point": {"type": "Point", "coordinates": [shown.x, shown.y]}, "srid": 4326, "area": None}
        elif params.has_point(query):
            given, projected = area_params.point(query)
            result = selectors.luotsi_lookup_point(point=projected)
            asked = {"point": {"type": "Point", "coordinates": list(given.coords)}, "srid": given.srid, "area": None}
        elif params.has_area(query):
            area = params.area(query)
            result = selectors.luotsi_lookup_area(area=area)
            asked = {"point": None, "srid": None, "area": selectors.area_ref(area)}
        else:
            raise ParseError(params.MSG_NOTHING_TO_LOOK_UP)
        inside = result.inside_helsinki
        stadiluotsi = result.matches[Role.STADILUOTSI]
        message = None
        if not inside:
            message = str(MSG_OUTSIDE_HELSINKI)
        elif not stadiluotsi.luotsit:
            message = str(MSG_NO_STADILUOTSI)
        data = {
            "query": asked,
            "inside_helsinki": inside,
            "message": message,
            "areas": _area_refs(result.chain),
            "stadiluotsi": _match(request, stadiluotsi),
            "yritysluotsi": _match(request, result.matches[Role.YRITYSLUOTSI]),
        }
        return Response(data)


class LuotsiCoverageView(APIView):
    """Coverage of a division as a GeoJSON map layer: each area's `status` is `gap`
    (no active luotsi of the role), `covered` (one) or `overlap` (more than one).

    By default an area without a luotsi of its own counts as served by its parent
    area's (as the lookup answers); `inherit=false` counts only direct assignments.
    """

    permission_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("division", str, required=True, description="Division slug, e.g. osa-alue."),
            OpenApiParameter("role", str, enum=Role.values, description="Default stadiluotsi."),
            OpenApiParameter("inherit", bool, description="Count luotsit of parent areas (default true)."),
            OpenApiParameter("status", str, description="Only these statuses, comma-separated: gap,covered,overlap."),
            area_params.SRID_PARAMETER,
        ],
        responses=CoverageSerializer,
    )
    def get(self, request):
        query = request.query_params
        division = params.division(query)
        role = params.role(query)
        inherit = params.boolean(query, "inherit", default=True)
        wanted = params.statuses(query, allowed=(selectors.GAP, selectors.COVERED, selectors.OVERLAP))
        srid = area_params.output_srid(query)
        rows = selectors.luotsi_coverage(division=division, role=role, srid=srid, inherit=inherit)
        counts = {selectors.GAP: 0, selectors.COVERED: 0, selectors.OVERLAP: 0}
        features = []
        for row in rows:
            counts[row.status] += 1
            if wanted is not None and row.status not in wanted:
                continue
            area = row.area
            features.append(
                {
                    "type": "Feature",
                    "id": area.pk,
                    "geometry": area.geojson,
                    "properties": {
                        "id": area.pk,
                        "division": division.slug,
                        "code": area.code,
                        "name": area.name,
                        "name_fi": area.name_fi,
                        "name_sv": area.name_sv,
                        "status": row.status,
                        "direct_count": row.direct_count,
                        "effective_count": row.effective_count,
                        "served_area_id": row.served_area_id,
                        "is_inherited": row.served_area_id is not None and row.served_area_id != area.pk,
                        "luotsit": row.luotsit,
                    },
                }
            )
        data = {"type": "FeatureCollection", "division": division.slug, "role": role, "counts": counts, "features": features}
        response = CoverageSerializer(data).data
        if srid != 4326:
            response["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return Response(response)


class LuotsiMeView(APIView):
    """The signed-in luotsi's own profile and what lies in their areas (counts and links).

    PATCH changes the own profile: name, titles, contacts, languages and the
    publication choices.
    """

    permission_classes = [IsSignedIn]

    def _luotsi(self, request):
        luotsi = selectors.luotsi_for_user(user=request.user)
        if luotsi is None:
            raise NotFound(MSG_NOT_A_LUOTSI)
        return luotsi

    def _render(self, request, luotsi):
        data = {
            "luotsi": selectors.luotsi_card(luotsi, full=True),
            "areas": selectors.luotsi_dashboard(luotsi=luotsi, user=request.user),
        }
        return Response(LuotsiMeSerializer(data).data)

    @extend_schema(responses={200: LuotsiMeSerializer, 404: OpenApiResponse(description="The account is no luotsi's.")})
    def get(self, request):
        return self._render(request, self._luotsi(request))

    @extend_schema(
        request=LuotsiOwnerWriteSerializer,
        responses={200: LuotsiMeSerializer, 404: OpenApiResponse(description="The account is no luotsi's.")},
    )
    def patch(self, request):
        luotsi = self._luotsi(request)
        if set(request.data) - services.OWNER_FIELDS:
            raise PermissionDenied(MSG_OWNER_FIELDS)
        serializer = LuotsiOwnerWriteSerializer(luotsi, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.luotsi_update(luotsi=luotsi, fields=services.OWNER_FIELDS, **serializer.validated_data)
        return self._render(request, self._luotsi(request))
