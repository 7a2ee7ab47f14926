"""Budgeting API: thin views that parse, call one selector or service, and render."""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.response import Response

from areas.api import params
from areas.api.located import LocatedViewSet, membership_prefetch
from areas.api.similar import place_needed_as_400
from areas.geometry import GeometryError

from .. import selectors, services, voting
from ..models import BudgetRound, Project
from ..phases import round_results_public
from ..publication import result_budgets_named, round_result_budgets
from ..results import RESULTS_RULE, snapshot_winner_ids
from geo_osallisuus.csv_output import DIALECT_PARAMETER, csv_dialect, csv_response
from geo_osallisuus.roles import user_is_planner
from . import serializers as s
from .filters import ProjectFilter, ProposalFilter

MSG_PLANNERS_ONLY = _("Only planners can do this.")
MSG_MODERATORS_ONLY = _("Only planners and the luotsit of the areas a proposal lies in may moderate it.")
MSG_RESULTS_NOT_PUBLIC = _("The results are published on {day}.")
ALLOCATION_METHOD = _(
    "all_helsinki_sum = total_sum × all_helsinki_share rounded half up; each area's quota = "
    "(total_sum − all_helsinki_sum) × population / areas_population; each area gets its quota "
    "rounded down, and the euros left go one each to the areas with the largest remainders "
    "(ties: larger population, then lower code). Merged areas' populations count for the "
    "area they are merged into."
)
MSG_TEXT_REQUIRED = _("Give the title you are about to propose in `title` (at least 3 characters).")


@contextmanager
def refusals_as_400():
    """A service's refusal (a rule or a place) becomes a 400 with its message in `detail`."""
    try:
        yield
    except GeometryError as exc:
        raise ValidationError({"detail": str(exc)}) from None
    except DjangoValidationError as exc:
        raise ValidationError({"detail": " ".join(exc.messages)}) from None


def require_planner(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    if not user_is_planner(request.user):
        raise PermissionDenied(MSG_PLANNERS_ONLY)


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Budget rounds: the sum, the all-Helsinki share, voting age, phases and merges."""

    serializer_class = s.RoundSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.round_list()

    def _allocation(self, round: BudgetRound) -> Response:
        breakdown = selectors.allocation_breakdown(round=round)
        if breakdown is None:
            return Response({"detail": str(services.MSG_NO_ALLOCATION)}, status=status.HTTP_404_NOT_FOUND)
        context = {"shares": {a.allocation.pk: a for a in breakdown.areas}, "request": self.request}
        data = {
            "round": round.pk,
            "total_sum": round.total_sum,
            "all_helsinki_share": round.all_helsinki_share,
            "all_helsinki_quota": breakdown.city.quota,
            "all_helsinki_sum": breakdown.city.amount,
            "areas_sum": breakdown.areas_sum,
            "areas_population": breakdown.areas_population,
            "euros_left_after_flooring": breakdown.euros_left_after_flooring,
            "method": str(ALLOCATION_METHOD),
            "areas": [a.allocation for a in breakdown.areas],
        }
        return Response(s.AllocationSerializer(data, context=context).data)

    @extend_schema(methods=["GET"], responses=s.AllocationSerializer, description="The round's sums and their arithmetic.")
    @extend_schema(methods=["POST"], request=None, responses=s.AllocationSerializer, description="Recompute (planners).")
    @action(detail=True, methods=["get", "post"], permission_classes=[permissions.AllowAny])
    def allocation(self, request, pk=None):
        round = self.get_object()
        if request.method == "POST":
            require_planner(request)
            with refusals_as_400():
                services.allocation_compute(round=round)
        return self._allocation(round)

    @extend_schema(methods=["GET"], responses=s.BallotSerializer)
    @extend_schema(methods=["PUT"], request=s.BallotInputSerializer, responses=s.BallotSerializer)
    @action(detail=True, methods=["get", "put"], url_path="my-ballot", permission_classes=[permissions.IsAuthenticated])
    def my_ballot(self, request, pk=None):
        """Your own ballot in this round; PUT casts or changes it until voting closes (the last one counts)."""
        round = self.get_object()
        with refusals_as_400():
            voter = voting.voter_for_user(request.user)
        if request.method == "PUT":
            given = s.BallotInputSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            area = given.validated_data.get("area") or voting.voter_home_area(round=round, voter=voter)
            with refusals_as_400():
                voting.ballot_cast(voter=voter, round=round, area=area, project_ids=given.validated_data["projects"])
        return Response(s.BallotSerializer(voting.ballot_view(round=round, voter=voter)).data)

    def _results_or_403(self, request) -> BudgetRound:
        round = self.get_object()
        if not round_results_public(round=round) and not user_is_planner(request.user):
            raise PermissionDenied(MSG_RESULTS_NOT_PUBLIC.format(day=round.results_on.isoformat()))
        return round

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        description="Per area: sum, ballots, turnout (and its base: eligible or population), projects ranked and "
        "funded. From the results day on, the published count, which only an audited recount changes.",
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        round = self._results_or_403(request)
        return Response({"round": round.pk, "rule": str(RESULTS_RULE), "budgets": result_budgets_named(round=round)})

    @extend_schema(
        parameters=[DIALECT_PARAMETER],
        responses={(200, "text/csv"): OpenApiTypes.STR},
        description="The results as CSV, one row per project.",
    )
    @action(detail=True, methods=["get"], url_path="results/csv")
    def results_csv(self, request, pk=None):
        round = self._results_or_403(request)
        dialect = csv_dialect(request.query_params)
        rows = [["budget", "area_code", "sum_eur", "rank", "project_id", "title", "cost_eur", "votes", "funded", "remaining_after_eur"]]
        for budget in result_budgets_named(round=round):
            for p in budget["projects"]:
                rows.append([
                    budget["name"], budget["area_code"] or "", budget["sum"], p["rank"], p["id"], p["title"],
                    p["cost"], p["votes"], "yes" if p["funded"] else "no", p["remaining_after"],
                ])  # fmt: skip
        return csv_response(rows, filename=f"omastadi-{round.year}-results.csv", dialect=dialect)

    @extend_schema(
        parameters=[params.SRID_PARAMETER],
        # Sent as application/json (DRF's renderer), like every GeoJSON body of /api/v1/.
        responses={200: OpenApiTypes.OBJECT},
        description="The funded projects as GeoJSON points (a project without a point: a point inside its area), "
        "with votes and implementation status: a map layer.",
    )
    @action(detail=True, methods=["get"])
    def winners(self, request, pk=None):
        round = self._results_or_403(request)
        srid = params.output_srid(request.query_params)
        budgets = round_result_budgets(round=round)
        votes = {p["id"]: p["votes"] for budget in budgets for p in budget["projects"]}
        features = [
            {
                "type": "Feature",
                "id": project.pk,
                "geometry": json.loads(project.geojson) if project.geojson else None,
                "properties": {
                    "title": project.title,
                    "cost": project.cost,
                    "votes": votes[project.pk],
                    "area_code": project.area.code if project.area else None,
                    "area_name": project.area.name if project.area else None,
                    "all_helsinki": project.all_helsinki,
                    "implementation_status": project.implementation_status,
                    "implementation_status_label": project.get_implementation_status_display(),
                },
            }
            for project in selectors.project_winners(ids=snapshot_winner_ids(budgets), srid=srid)
        ]
        body = {"type": "FeatureCollection", "features": features}
        if srid != 4326:
            body["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return Response(body)


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER]),
)
class ProposalViewSet(mixins.CreateModelMixin, LocatedViewSet):
    """Residents' proposals as GeoJSON features with the shared located filters;
    moderation states and reasons are public, authors are not."""

    serializer_class = s.ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ("created_at", "title", "support_count")

    def located_queryset(self, *, srid):
        return selectors.proposal_list(user=self.request.user, srid=srid)

    @extend_schema(request=s.ProposalInputSerializer, responses={201: s.ProposalSerializer})
    def create(self, request, *args, **kwargs):
        """Propose: give a location (GeoJSON point), an area, or all_helsinki; the budget area follows from the place."""
        given = s.ProposalInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals_as_400():
            proposal = services.proposal_create(author=request.user, **given.validated_data)
        return Response(self._render(proposal.pk), status=status.HTTP_201_CREATED)

    def _render(self, pk: int):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(
        parameters=[
            OpenApiParameter("round", int, required=True),
            OpenApiParameter("title", str, required=True, description="The title you are about to propose."),
            OpenApiParameter("lat", float), OpenApiParameter("lon", float),
            OpenApiParameter("x", float), OpenApiParameter("y", float),
            OpenApiParameter("radius", float, description="Metres (default 1000, at most 10000)."),
        ],
        responses={
            200: s.SimilarProposalSerializer(many=True),
            404: OpenApiResponse(description="No budget round with that id."),
        },
        description="A GeoJSON FeatureCollection, most similar first, then nearest. Without a place, or with a "
        "radius over 2000 m, a title whose words are all common (in over 1000 proposals) is a 400 asking for a place.",
    )  # fmt: skip
    @action(detail=False, methods=["get"], pagination_class=None)
    def similar(self, request):
        """Before proposing: open proposals with a similar title (pg_trgm) near the place (metres on EPSG:3067)."""
        query = request.query_params
        round = get_object_or_404(BudgetRound, pk=params.number(query, "round", low=1))
        text = (query.get("title") or "").strip()
        if len(text) < 3:
            raise ValidationError({"detail": str(MSG_TEXT_REQUIRED)})
        point = None
        if any(k in query for k in ("lat", "lon", "x", "y")):
            point = params.point(query)[1]
        radius = params.number(query, "radius", low=1, high=10_000) if "radius" in query else selectors.SIMILAR_RADIUS_M
        srid = params.output_srid(query)
        with place_needed_as_400():
            found = selectors.proposal_similar(round=round, text=text[:200], point=point, radius_m=radius, srid=srid)
        prefetch_related_objects(found, membership_prefetch())
        return Response(s.SimilarProposalSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses={201: s.ProposalSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def support(self, request, pk=None):
        """Back this proposal instead of writing a duplicate (once per user)."""
        proposal = self.get_object()
        with refusals_as_400():
            services.proposal_support(proposal=proposal, user=request.user)
        return Response(self._render(proposal.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ModerationSerializer, responses=s.ProposalSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def moderate(self, request, pk=None):
        """Planners, and the luotsit of the areas the proposal lies in: accept, reject or merge
        (with a public reason)."""
        proposal = self.get_object()
        if not selectors.proposal_may_moderate(user=request.user, proposal=proposal):
            raise PermissionDenied(MSG_MODERATORS_ONLY)
        given = s.ModerationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals_as_400():
            services.proposal_moderate(proposal=proposal, **given.validated_data)
        return Response(self._render(proposal.pk))


MAP_POINTS_PARAMETER = OpenApiParameter(
    "map_points",
    bool,
    description="true: a project without a point of its own is drawn at a point inside its area (for maps).",
)


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER, MAP_POINTS_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER, MAP_POINTS_PARAMETER]),
)
class ProjectViewSet(mixins.CreateModelMixin, LocatedViewSet):
    """Costed plans built from proposals, as GeoJSON features with the shared located
    filters; `on_ballot` ones are in the vote."""

    serializer_class = s.ProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ("cost", "title", "created_at")

    def located_queryset(self, *, srid):
        map_points = params.boolean(self.request.query_params, "map_points") or False
        return selectors.project_list(srid=srid, map_points=map_points)

    def _render(self, pk: int):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=s.ProjectInputSerializer, responses={201: s.ProjectSerializer})
    def create(self, request, *args, **kwargs):
        """Planners: a project from proposals, with its cost and place."""
        require_planner(request)
        given = s.ProjectInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals_as_400():
            project = services.project_create(**given.validated_data)
        return Response(self._render(project.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ProjectSerializer, 400: OpenApiResponse(description="Costs more than its area's sum.")})
    @action(detail=True, methods=["post"], url_path="enter-vote", permission_classes=[permissions.IsAuthenticated])
    def enter_vote(self, request, pk=None):
        """Planners: put the project on the ballot; refused when it costs more than its area's sum."""
        require_planner(request)
        project: Project = self.get_object()
        with refusals_as_400():
            services.project_enter_vote(project=project)
        return Response(self._render(project.pk))

    @extend_schema(request=s.ImplementationSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def implementation(self, request, pk=None):
        """Planners: the implementation status of a winning project (shown on the winners layer)."""
        require_planner(request)
        project: Project = self.get_object()
        given = s.ImplementationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.project_set_implementation(project=project, status=given.validated_data["implementation_status"])
        return Response(self._render(project.pk))

