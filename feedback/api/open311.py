"""Open311 GeoReport v2 (JSON): services, requests (POST and GET), one request.

    GET  /api/v1/open311/services.json
    GET  /api/v1/open311/requests.json?service_request_id=&service_code=&start_date=&end_date=&status=
    POST /api/v1/open311/requests.json   (form or JSON: service_code, lat, long, description, ...)
    GET  /api/v1/open311/requests/{service_request_id}.json

As GeoReport v2 asks, lists are JSON arrays and errors are
``[{"code": 400, "description": "..."}]``. Extensions: `detailed_status`
(open, in_progress, closed), `areas`, `stadiluotsi`, `location_precision_m`,
and the filters `division`/`area`, `lat`/`long`/`radius`.

A request is placed by `lat`/`long`, or without them by `address_string`
(street and number, from the address register); `media_url` is stored and
published when it is an https URL. Every endpoint answers in the language of
GeoReport's `locale` parameter (`fi`, `sv_FI`, `en-US`: the language part
counts; one the service does not speak falls back to Accept-Language).

Privacy: `lat`/`long` are the centre of the request's 250 m grid cell, never the
point given, and `areas` are those that hold that centre; `address` and the
contact fields are never returned.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from areas.api import params
from areas.api.located import AreaFilterBackend
from areas.geometry import GeometryError, point_from_coordinates

from .. import selectors, services
from ..models import PUBLIC_GRID_M, FeedbackRequest
from . import serializers as s

MSG_SERVICE_CODE = _("Unknown service_code {code!r}; GET services.json lists them.")
MSG_POINT_REQUIRED = _("Give the place as lat and long (WGS84 degrees).")
MSG_NOT_FOUND = _("No service request {id!r}.")
MSG_BAD_DATETIME = _("Parameter {name} must be a date and time as ISO 8601 (2025-05-01T00:00:00Z), not {value!r}.")
MSG_BAD_STATUS = _("Parameter status must be open or closed (comma-separated), not {value!r}.")
MSG_DATES_ORDER = _("Parameter start_date must be before end_date (end_date defaults to now).")
MSG_RADIUS_MIN = _("Parameter radius must be at least {low} metres (requests are placed to {low} m).")
MSG_THROTTLED = _("Too many requests from you: try again in {seconds} seconds.")
MSG_BAD_LOCALE = _("Parameter locale must be a language tag such as fi, sv_FI or en-US, not {value!r}.")

# A language tag as GeoReport clients write it: fi, sv_FI, en-US, fi-FI.
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")

MAX_RESULTS = 1000
LOCALE_PARAMETER = OpenApiParameter(
    "locale", str, description="The answer's language: fi, sv or en (a tag such as sv_FI or en-US works too)."
)
DEFAULT_DAYS = 90


class FeedbackAnonThrottle(AnonRateThrottle):
    scope = "feedback_anon"


class FeedbackUserThrottle(UserRateThrottle):
    scope = "feedback_user"


def _error(code: int, description: str) -> Response:
    return Response([{"code": code, "description": str(description)}], status=code)


def locale_language(value) -> str | None:
    """The service's language (fi, sv, en) a GeoReport `locale` names, None when it names
    another language or none; ParseError when it is not a language tag."""
    if value is None or value == "":
        return None
    match = _LOCALE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise exceptions.ParseError(MSG_BAD_LOCALE.format(value=str(value)[:40]))
    language = match.group(1).lower()
    return language if language in dict(settings.LANGUAGES) else None


class Open311View(APIView):
    """Errors in GeoReport v2's format: a list of {code, description}; answers in the
    language of the `locale` parameter (in the query, or for a POST in the body)."""

    permission_classes = [AllowAny]
    # geo_osallisuus.schema documents the error responses in this format.
    openapi_error_format = "open311"

    def dispatch(self, request, *args, **kwargs):
        # The language `locale` activates lasts for this request only.
        with translation.override(translation.get_language()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        self._use_locale(request.query_params.get("locale"))
        super().initial(request, *args, **kwargs)
        if request.method == "POST" and "locale" not in request.query_params and hasattr(request.data, "get"):
            self._use_locale(request.data.get("locale"))

    @staticmethod
    def _use_locale(value) -> None:
        language = locale_language(value)
        if language is not None:
            translation.activate(language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def handle_exception(self, exc):
        if isinstance(exc, (GeometryError, DjangoValidationError)):
            messages = exc.messages if isinstance(exc, DjangoValidationError) else [str(exc)]
            return _error(400, " ".join(messages))
        if isinstance(exc, exceptions.Throttled):
            return _error(429, MSG_THROTTLED.format(seconds=int(exc.wait or 60)))
        response = super().handle_exception(exc)
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        if isinstance(response.data, dict) and detail is None:
            detail = "; ".join(
                f"{name}: {' '.join(map(str, errors)) if isinstance(errors, list) else errors}"
                for name, errors in response.data.items()
            )
        response.data = [{"code": response.status_code, "description": str(detail)}]
        return response


class ServiceListView(Open311View):
    @extend_schema(
        parameters=[LOCALE_PARAMETER], responses=s.Open311ServiceSerializer(many=True), description="GeoReport v2 service list."
    )
    def get(self, request, **kwargs):
        return Response(s.Open311ServiceSerializer(selectors.service_list(), many=True).data)


def _datetime(query, name: str) -> datetime.datetime | None:
    raw = query.get(name)
    if raw in (None, ""):
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+")) or (
            datetime.datetime.combine(datetime.date.fromisoformat(raw), datetime.time()) if len(raw) == 10 else None
        )
    except ValueError:
        value = None
    if value is None:
        raise exceptions.ParseError(MSG_BAD_DATETIME.format(name=name, value=raw[:40]))
    if value.tzinfo is None:
        from django.utils import timezone

        value = timezone.make_aware(value)
    return value


def _codes(query, name: str) -> list[str]:
    return [c.strip() for c in (query.get(name) or "").split(",") if c.strip()][:100]


class RequestListView(Open311View):
    def get_throttles(self):
        return [FeedbackAnonThrottle(), FeedbackUserThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        parameters=[
            OpenApiParameter("service_request_id", str, description="Comma-separated ids; other filters are then ignored."),
            OpenApiParameter("service_code", str, description="Comma-separated service codes."),
            OpenApiParameter("start_date", str, description="ISO 8601; default 90 days before end_date."),
            OpenApiParameter("end_date", str, description="ISO 8601; default now."),
            OpenApiParameter("status", str, description="open, closed, or both comma-separated."),
            OpenApiParameter("division", str), OpenApiParameter("area", str),
            OpenApiParameter("lat", float), OpenApiParameter("long", float),
            OpenApiParameter("radius", float, description=f"Metres from lat/long, at least {PUBLIC_GRID_M}."),
            OpenApiParameter("limit", int, description=f"At most {MAX_RESULTS} (default)."),
            LOCALE_PARAMETER,
        ],
        responses=s.Open311RequestSerializer(many=True),
        description="GeoReport v2 request list, newest first. lat/long are rounded to a 250 m grid.",
    )  # fmt: skip
    def get(self, request, **kwargs):
        query = request.query_params
        queryset = selectors.feedback_public_list()
        ids = _codes(query, "service_request_id")
        if ids:
            if not all(i.isdigit() and len(i) < 19 for i in ids):
                raise exceptions.ParseError(MSG_NOT_FOUND.format(id=",".join(ids)[:60]))
            queryset = queryset.filter(pk__in=[int(i) for i in ids])
        else:
            queryset = self._filtered(request, queryset)
        limit = params.integer(query, "limit", low=1, high=MAX_RESULTS) or MAX_RESULTS
        return Response(s.Open311RequestSerializer(queryset[:limit], many=True, context={"request": request}).data)

    def _filtered(self, request, queryset):
        from django.utils import timezone

        query = request.query_params
        codes = _codes(query, "service_code")
        if codes:
            queryset = queryset.filter(service__service_code__in=codes)
        end = _datetime(query, "end_date") or timezone.now()
        start = _datetime(query, "start_date") or end - datetime.timedelta(days=DEFAULT_DAYS)
        if start > end:
            raise exceptions.ParseError(MSG_DATES_ORDER)
        queryset = queryset.filter(requested_at__gte=start, requested_at__lte=end)
        wanted = _codes(query, "status")
        if wanted:
            if not set(wanted) <= {"open", "closed"}:
                raise exceptions.ParseError(MSG_BAD_STATUS.format(value=query.get("status", "")[:40]))
            states = []
            if "open" in wanted:
                states += [FeedbackRequest.Status.OPEN, FeedbackRequest.Status.IN_PROGRESS]
            if "closed" in wanted:
                states.append(FeedbackRequest.Status.CLOSED)
            queryset = queryset.filter(status__in=states)
        queryset = AreaFilterBackend().filter_queryset(request, queryset, self)
        if "lat" in query or "long" in query:
            lat = params.number(query, "lat", low=-90, high=90)
            lon = params.number(query, "long", low=-180, high=180)
            radius = params.number(query, "radius", low=1, high=settings.LOCATED_MAX_RADIUS_M) if "radius" in query else 1000
            if radius < PUBLIC_GRID_M:
                raise exceptions.ParseError(MSG_RADIUS_MIN.format(low=PUBLIC_GRID_M))
            try:
                point = point_from_coordinates(lon, lat, 4326)
            except GeometryError as exc:
                raise exceptions.ParseError(str(exc)) from None
            queryset = selectors.feedback_near_public(queryset, point=point, radius_m=radius)
        return queryset

    @extend_schema(
        request=s.Open311CreateSerializer,
        responses={201: OpenApiTypes.OBJECT},
        description="File a request (anonymous allowed, rate-limited). Answers "
        '[{"service_request_id": "...", "service_notice": "..."}].',
    )
    def post(self, request, **kwargs):
        given = s.Open311CreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        lat, long = data.pop("lat", None), data.pop("long", None)
        if (lat is None) != (long is None):
            return _error(400, MSG_POINT_REQUIRED)
        # Without coordinates the service places the request by its address_string.
        point = point_from_coordinates(long, lat, 4326) if lat is not None else None
        created = services.feedback_create(point=point, author=request.user, **data)
        notice = _("Your feedback goes to {sector}.").format(sector=created.sector) if created.sector else ""
        return Response(
            [{"service_request_id": created.service_request_id, "service_notice": str(notice), "account_id": None}],
            status=status.HTTP_201_CREATED,
        )


class RequestDetailView(Open311View):
    @extend_schema(
        operation_id="v1_open311_requests_retrieve",
        parameters=[LOCALE_PARAMETER],
        responses=s.Open311RequestSerializer(many=True),
        description="One request, as a list of one (GeoReport v2).",
    )
    def get(self, request, service_request_id: str, **kwargs):
        found = None
        if service_request_id.isdigit() and len(service_request_id) < 19:
            found = selectors.feedback_public_list().filter(pk=int(service_request_id)).first()
        if found is None:
            return _error(404, MSG_NOT_FOUND.format(id=service_request_id[:40]))
        return Response(s.Open311RequestSerializer([found], many=True, context={"request": request}).data)
