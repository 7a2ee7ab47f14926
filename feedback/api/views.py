"""The service's own feedback API beside Open311: the duplicate check, handling,
following, and counts per area (the only way the map shows feedback)."""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from areas.api import params
from areas.api.located import AreaFilterBackend
from areas.api.similar import place_needed_as_400
from areas.geometry import GeometryError

from .. import selectors, services
from ..models import FeedbackRequest, Service
from . import serializers as s
from .open311 import _datetime

MSG_TEXT_REQUIRED = _("Give the text you are about to send in `description` (at least 3 characters).")
MSG_DIVISION_REQUIRED = _("Give the division to count in, e.g. division=peruspiiri.")
MSG_UNKNOWN_SERVICE = s.MSG_UNKNOWN_SERVICE


@contextmanager
def refusals_as_400():
    """A service's refusal becomes a 400 with its message in `detail`."""
    try:
        yield
    except GeometryError as exc:
        raise exceptions.ValidationError({"detail": str(exc)}) from None
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"detail": " ".join(exc.messages)}) from None


def _service(query) -> Service | None:
    code = params.text(query, "service_code", max_length=40)
    if code is None:
        return None
    service = Service.objects.filter(service_code=code).first()
    if service is None:
        raise exceptions.ParseError(MSG_UNKNOWN_SERVICE.format(value=code))
    return service


class FeedbackSimilarView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("description", str, required=True, description="The text you are about to send."),
            OpenApiParameter("service_code", str),
            OpenApiParameter("lat", float), OpenApiParameter("lon", float),
            OpenApiParameter("x", float), OpenApiParameter("y", float), OpenApiParameter("srid", str),
            OpenApiParameter("radius", float, description="Metres (default 1000, at most 10000)."),
        ],
        responses=s.SimilarFeedbackSerializer(many=True),
        description="Before sending: open requests that say much the same near the place, most similar first. "
        "Distances are measured from each request's 250 m grid cell, never its point. Without a place, or with a "
        "radius over 2000 m, a text whose words are all common (in over 1000 requests) is a 400 asking for a place.",
    )  # fmt: skip
    def get(self, request):
        query = request.query_params
        text = (query.get("description") or "").strip()
        if len(text) < 3:
            raise exceptions.ValidationError({"detail": str(MSG_TEXT_REQUIRED)})
        point = params.point(query)[1] if any(k in query for k in ("lat", "lon", "x", "y")) else None
        radius = params.number(query, "radius", low=1, high=10_000) if "radius" in query else 1000
        service = _service(query)
        with place_needed_as_400():
            found = selectors.feedback_similar(text=text[:500], point=point, service=service, radius_m=radius)
        return Response(s.SimilarFeedbackSerializer(found, many=True).data)


class FeedbackStatusView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.StatusInputSerializer, responses=s.Open311RequestSerializer)
    def post(self, request, pk: int):
        """The request's sector, planners and admins: move it on (open → in progress → closed) with the public answer."""
        item = get_object_or_404(FeedbackRequest, pk=pk)
        given = s.StatusInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        if not services.user_may_handle(user=request.user, request=item):
            raise exceptions.PermissionDenied(services.MSG_NOT_HANDLER)
        with refusals_as_400():
            services.feedback_set_status(request=item, user=request.user, **given.validated_data)
        return Response(s.Open311RequestSerializer(selectors.feedback_public_list().get(pk=pk)).data)


class FeedbackFollowView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: s.Open311RequestSerializer})
    def post(self, request, pk: int):
        """Follow an open request instead of sending the same again (once per user)."""
        item = get_object_or_404(FeedbackRequest, pk=pk)
        with refusals_as_400():
            services.feedback_follow(request=item, user=request.user)
        body = s.Open311RequestSerializer(selectors.feedback_public_list().get(pk=pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class FeedbackAreaCountsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("division", str, required=True),
            OpenApiParameter("status", str, description="open, in_progress, closed (comma-separated)."),
            OpenApiParameter("service_code", str),
            OpenApiParameter("start_date", str), OpenApiParameter("end_date", str),
            params.SRID_PARAMETER,
        ],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
        description="Every area of the division with `feedback_count`: the requests whose published point (the "
        "centre of their 250 m cell) lies in it, a choropleth layer. In an area smaller than SMALL_AREA_CELLS cells a "
        "count from 1 to SMALL_AREA_MIN_COUNT − 1 is withheld (null) and left out of `total`.",
    )  # fmt: skip
    def get(self, request):
        query = request.query_params
        slug = params.text(query, "division", max_length=40)
        if slug is None:
            raise exceptions.ParseError(MSG_DIVISION_REQUIRED)
        division = AreaFilterBackend._division(slug)
        states = [v.strip() for v in (query.get("status") or "").split(",") if v.strip()]
        if not set(states) <= set(FeedbackRequest.Status.values):
            raise exceptions.ParseError(
                _("Parameter status must be among {allowed}.").format(allowed=", ".join(FeedbackRequest.Status.values))
            )
        srid = params.output_srid(query)
        areas = selectors.feedback_area_counts(
            division=division, srid=srid, status=states or None, service=_service(query),
            start=_datetime(query, "start_date"), end=_datetime(query, "end_date"),
        )  # fmt: skip
        features = [
            {
                "type": "Feature",
                "id": area.pk,
                "geometry": json.loads(area.geojson) if area.geojson else None,
                "properties": {
                    "division": division.slug,
                    "code": area.code,
                    "name": area.name,
                    "feedback_count": area.feedback_count,
                    "population": area.population,
                },
            }
            for area in areas
        ]
        shown = [a.feedback_count for a in areas if a.feedback_count is not None]
        body = {
            "type": "FeatureCollection",
            "total": sum(shown),
            "max_count": max(shown, default=0),
            "features": features,
        }
        if srid != 4326:
            body["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return Response(body)
