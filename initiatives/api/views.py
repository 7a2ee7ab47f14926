"""Initiatives API: thin views that parse, call one selector or service, and render."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from areas.api import params
from areas.api.located import LocatedViewSet, membership_prefetch
from areas.api.similar import place_needed_as_400
from feedback.api.views import refusals_as_400

from .. import kinds, selectors, services
from ..models import Initiative
from . import serializers as s
from .filters import InitiativeFilter

MSG_TEXT_REQUIRED = _("Give the title you are about to write in `title` (at least 3 characters).")


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER]),
)
class InitiativeViewSet(mixins.CreateModelMixin, LocatedViewSet):
    """Residents' initiatives as GeoJSON features with the shared located filters;
    drafts and withdrawn ones only for their authors; authors are never shown."""

    serializer_class = s.InitiativeSerializer
    filterset_class = InitiativeFilter
    ordering_fields = ("submitted_at", "title", "support_count")
    throttle_scope = "initiative_write"

    def get_throttles(self):
        writes = self.request.method not in permissions.SAFE_METHODS and self.action != "kind_check"
        return [ScopedRateThrottle()] if writes else []

    def get_permissions(self):
        if self.request.method in permissions.SAFE_METHODS or self.action == "kind_check":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def located_queryset(self, *, srid):
        return selectors.initiative_list(user=self.request.user, srid=srid)

    def _render(self, pk: int):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=s.InitiativeInputSerializer, responses={201: s.InitiativeSerializer})
    def create(self, request, *args, **kwargs):
        """Signed-in residents: an initiative (title, text, category, optional place; `youth` for the youth channel).
        Answer the three questions of `kind-check`; a text that is feedback, an application or an opinion on a
        pending matter is refused with where it belongs."""
        given = s.InitiativeInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals_as_400():
            initiative = services.initiative_create(author=request.user, **given.validated_data)
        return Response(self._render(initiative.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.KindAnswersSerializer,
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("text", str, description="Optional: the text, to find pending cases it may concern.")],
        description="Initiative, feedback, application or opinion on a pending matter? The questions, the verdict "
        "and where to go instead.",
    )
    @action(detail=False, methods=["get", "post"], url_path="kind-check")
    def kind_check(self, request):
        answers = {}
        if request.method == "POST":
            given = s.KindAnswersSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            answers = given.validated_data
        text = (request.data.get("text") if request.method == "POST" else request.query_params.get("text")) or ""
        advice = selectors.initiative_kind_advice(**answers, text=str(text))
        return Response(
            {
                "questions": {key: str(q) for key, q in kinds.QUESTIONS.items()},
                "kind": advice.verdict.kind,
                "message": advice.verdict.message,
                "feedback_url": "/api/v1/open311/requests.json",
                "pending_cases": [{"case_id": c.case_id, "title": c.display_title} for c in advice.pending_cases],
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("title", str, required=True),
            OpenApiParameter("lat", float), OpenApiParameter("lon", float),
            OpenApiParameter("x", float), OpenApiParameter("y", float),
            OpenApiParameter("radius", float, description="Metres (default 1000, at most 10000)."),
        ],
        responses=s.SimilarInitiativeSerializer(many=True),
        description="Before filing: open initiatives that say much the same near the place, most similar first; "
        "support or follow one instead. Without a place, or with a radius over 2000 m, a title whose words are all "
        "common (in over 1000 initiatives) is a 400 asking for a place.",
    )  # fmt: skip
    @action(detail=False, methods=["get"], pagination_class=None)
    def similar(self, request):
        query = request.query_params
        text = (query.get("title") or "").strip()
        if len(text) < 3:
            raise exceptions.ValidationError({"detail": str(MSG_TEXT_REQUIRED)})
        point = params.point(query)[1] if any(k in query for k in ("lat", "lon", "x", "y")) else None
        radius = params.number(query, "radius", low=1, high=10_000) if "radius" in query else 1000
        srid = params.output_srid(query)
        with place_needed_as_400():
            found = selectors.initiative_similar(text=text[:200], point=point, radius_m=radius, srid=srid)
        prefetch_related_objects(found, membership_prefetch())
        return Response(s.SimilarInitiativeSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses=s.InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The author: submit a draft."""
        initiative = self.get_object()
        with refusals_as_400():
            services.initiative_submit(initiative=initiative, user=request.user)
        return Response(self._render(initiative.pk))

    @extend_schema(request=None, responses=s.InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        initiative = self.get_object()
        with refusals_as_400():
            services.initiative_withdraw(initiative=initiative, user=request.user)
        return Response(self._render(initiative.pk))

    @extend_schema(request=None, responses={201: s.InitiativeSerializer})
    @action(detail=True, methods=["post"])
    def support(self, request, pk=None):
        """Support this initiative instead of writing the same again (once per person)."""
        initiative = self.get_object()
        with refusals_as_400():
            services.initiative_support(initiative=initiative, user=request.user)
        return Response(self._render(initiative.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: s.InitiativeSerializer})
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        initiative = self.get_object()
        with refusals_as_400():
            services.initiative_follow(initiative=initiative, user=request.user)
        return Response(self._render(initiative.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HandleInputSerializer, responses=s.InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        """The responsible sector, planners, admins: take into preparation, or answer with what was done."""
        initiative: Initiative = self.get_object()
        if not services.user_may_answer(user=request.user, initiative=initiative):
            raise exceptions.PermissionDenied(services.MSG_NOT_ANSWERER)
        given = s.HandleInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals_as_400():
            services.initiative_handle(initiative=initiative, user=request.user, **given.validated_data)
        return Response(self._render(initiative.pk))
