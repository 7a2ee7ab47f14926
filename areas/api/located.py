"""The API of located lists: filter backends, serializer base and viewset base.

Every list of located items (cases, spaces, and later budget projects,
proposals, feedback) is a `LocatedViewSet` over a `LocatedQuerySet` and gets
the same query parameters:

==========================  ====================================================
``division``, ``area``      items in or touching an area: ``area`` is an id, or a
                            code when ``division`` (a slug) is given; several
                            comma-separated; ``division`` alone: inside that division
``within``                  items wholly inside the area with this id
``bbox``, ``bbox_srid``     items intersecting min_x,min_y,max_x,max_y (EPSG:4326
                            lon/lat unless ``bbox_srid``)
``near``, ``radius``        ordered by distance from lat,lon, nearest first; with
                            ``radius`` only those within that many metres,
                            measured on the EPSG:3067 column
``q``                       full-text search in Finnish and Swedish
``ordering``                the view's ``ordering_fields`` (``-`` for descending),
                            ``distance`` with ``near``
``srid``                    CRS of the output geometry
``page_size``, ``cursor``   pages with next/previous links: ``cursor`` as the
                            links carry it (areas.api.pagination); ``page``
                            numbers for older clients
==========================  ====================================================

plus each model's own fields and date ranges from its FilterSet. Every
malformed value is a 400 with a `detail` that says what is wrong.
"""

from __future__ import annotations

import json

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import JSONBAgg
from django.http import HttpResponse
from django.db.models import F, JSONField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from areas.api import params
from areas.api.located_sql import feature_expression
from areas.api.pagination import GeoFeaturePagination
from areas.api.serializers import GeoJSONTextField
from areas.models import Area, AreaMembership, DivisionType
from geo_osallisuus.db_planning import planned_for_few_rows

MSG_UNKNOWN_DIVISION = _("Unknown division {value!r}: use one of {allowed}.")
MSG_UNKNOWN_AREA_CODES = _("No area with the code {codes} in the division {division}.")
MSG_UNKNOWN_AREA_IDS = _("No area with the id {ids}.")
MSG_AREA_NOT_AN_ID = _("Parameter area must be area ids (whole numbers) unless division is given, not {value!r}.")
MSG_TOO_MANY_AREAS = _("Parameter {name} names {count} areas; at most {limit} are accepted.")
MSG_UNKNOWN_ORDERING = _("Parameter ordering: {value!r} is not one of {allowed}.")
MSG_DISTANCE_NEEDS_NEAR = _("Ordering by distance needs near=lat,lon.")
MSG_FILTER_INVALID = _("Parameter {name}: {message}")

MAX_AREAS = 50


def _parameter(name: str, description: str, schema_type: str = "string", **schema) -> dict:
    """One OpenAPI 3 query parameter, as DRF's filter backends describe them."""
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": schema_type, **schema},
    }


class LocatedFilterBackend(BaseFilterBackend):
    """Base of the located filters: each names its parameters for the schema."""

    schema_parameters: tuple[dict, ...] = ()

    def get_schema_operation_parameters(self, view):
        return list(self.schema_parameters)


class AreaFilterBackend(LocatedFilterBackend):
    """``division`` + ``area`` (in or touching) and ``within`` (wholly inside), from the area index."""

    schema_parameters = (
        _parameter(
            "division",
            "Division slug (suurpiiri, peruspiiri, osa-alue, kaupunginosa, ...). With `area`, `area` is a code "
            "in this division; alone, items inside any of its areas.",
        ),
        _parameter(
            "area",
            "Items that lie in or touch these areas: area ids, or area codes when `division` is given; "
            "comma-separated for several (any of them).",
        ),
        _parameter("within", "Items that lie wholly inside the area with this id.", "integer", minimum=1),
    )

    def filter_queryset(self, request, queryset, view):
        query = request.query_params
        division = self._division(params.text(query, "division", max_length=40))
        area_text = params.text(query, "area", max_length=1000)
        if area_text:
            queryset = queryset.in_areas(self._areas(area_text, division))
        elif division is not None:
            queryset = queryset.in_division(division)
        within = params.integer(query, "within", low=1)
        if within is not None:
            if not Area.objects.filter(pk=within).exists():
                raise ParseError(MSG_UNKNOWN_AREA_IDS.format(ids=within))
            queryset = queryset.within_area(within)
        return queryset

    @staticmethod
    def _division(slug: str | None) -> DivisionType | None:
        if slug is None:
            return None
        division = DivisionType.objects.filter(slug=slug).first()
        if division is None:
            allowed = ", ".join(DivisionType.objects.order_by("level", "slug").values_list("slug", flat=True))
            raise ParseError(MSG_UNKNOWN_DIVISION.format(value=slug, allowed=allowed))
        return division

    @staticmethod
    def _areas(text: str, division: DivisionType | None) -> list[int]:
        tokens = list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
        if len(tokens) > MAX_AREAS:
            raise ParseError(MSG_TOO_MANY_AREAS.format(name="area", count=len(tokens), limit=MAX_AREAS))
        if division is not None:
            found = dict(Area.objects.filter(division=division, code__in=tokens).values_list("code", "pk"))
            missing = [t for t in tokens if t not in found]
            if missing:
                raise ParseError(MSG_UNKNOWN_AREA_CODES.format(codes=", ".join(missing), division=division.slug))
            return list(found.values())
        if not all(t.isascii() and t.isdigit() and len(t) < 19 for t in tokens):
            raise ParseError(MSG_AREA_NOT_AN_ID.format(value=text[:100]))
        ids = [int(t) for t in tokens]
        found = set(Area.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ParseError(MSG_UNKNOWN_AREA_IDS.format(ids=", ".join(missing)))
        return ids


class BBoxFilterBackend(LocatedFilterBackend):
    """``bbox`` (+ ``bbox_srid``): items whose geometry intersects the box."""

    schema_parameters = (
        _parameter(
            "bbox",
            "min_x,min_y,max_x,max_y: items whose geometry intersects this box. In EPSG:4326 the order is "
            "min_lon,min_lat,max_lon,max_lat.",
        ),
        _parameter("bbox_srid", "CRS of `bbox`: 4326 (default), 3067, 3879 or 3857."),
    )

    def filter_queryset(self, request, queryset, view):
        box = params.bbox(request.query_params)
        return queryset if box is None else queryset.in_bbox(box)


class DistanceFilterBackend(LocatedFilterBackend):
    """``near`` + ``radius``: nearest first, within `radius` metres, measured in EPSG:3067.

    drf-gis's DistanceToPointFilter converts metres to degrees, which is up to
    25 % wrong at 60° N; this one measures on the projected column with D(m=...).
    """

    schema_parameters = (
        _parameter(
            "near",
            "lat,lon (EPSG:4326), e.g. 60.1699,24.9384: order by distance from this point, nearest first, and "
            "give each item's `distance_m`. Items without a location are left out.",
        ),
        _parameter(
            "radius",
            "With `near`: only items within this many metres (true metres, measured in EPSG:3067).",
            "number",
            minimum=1,
        ),
    )

    def filter_queryset(self, request, queryset, view):
        near = params.near(request.query_params)
        if near is None:
            return queryset
        point, radius = near
        request.located_near = point
        return queryset.near(point, radius)


class SearchFilterBackend(LocatedFilterBackend):
    """``q``: full-text search in Finnish and Swedish; best matches first unless `near` orders."""

    schema_parameters = (
        _parameter(
            "q",
            "Free-text search in Finnish and Swedish (PostgreSQL full-text search with both languages' "
            "stemmers; quoted phrases, `or` and `-word` work as in web search).",
            maxLength=200,
        ),
    )

    def filter_queryset(self, request, queryset, view):
        text = params.text(request.query_params, "q", max_length=200)
        if text is None:
            return queryset
        queryset = queryset.search(text)
        if getattr(request, "located_near", None) is None:
            queryset = queryset.order_by("-search_rank", "pk")
        return queryset


class LocatedOrderingFilter(OrderingFilter):
    """DRF's ordering, strict: an unknown field is a 400, `distance` needs `near`."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw in (None, ""):
            return None
        allowed = list(getattr(view, "ordering_fields", ())) + ["distance"]
        terms = [t.strip() for t in raw.split(",") if t.strip()]
        for term in terms:
            if term.lstrip("-") not in allowed:
                shown = ", ".join(allowed)
                raise ParseError(MSG_UNKNOWN_ORDERING.format(value=term[:40], allowed=shown))
            if term.lstrip("-") == "distance" and getattr(request, "located_near", None) is None:
                raise ParseError(MSG_DISTANCE_NEEDS_NEAR)
        return [*terms, "pk"]

    def get_schema_operation_parameters(self, view):
        allowed = list(getattr(view, "ordering_fields", ())) + ["distance"]
        return [
            _parameter(
                self.ordering_param,
                "Sort order, comma-separated, `-` for descending: " + ", ".join(allowed) + " (`distance` needs "
                "`near`). Default: nearest first with `near`, best match with `q`, otherwise the list's own order.",
            )
        ]


def names_a_filter(filterset_class, query) -> bool:
    """Whether `query` has a parameter of `filterset_class`'s form, or the form requires one.

    A parameter counts when it is a filter's name or starts with it and "_" (a
    range's `_min`, `_after`, a widget's suffixes), so no form field is missed;
    a filter left out of the query filters nothing.
    """
    names = tuple(filterset_class.base_filters)
    if any(f.extra.get("required") for f in filterset_class.base_filters.values()):
        return True
    return any(key == name or key.startswith(name + "_") for key in query for name in names)


class StrictDjangoFilterBackend(DjangoFilterBackend):
    """django-filter, with a malformed value a 400 whose `detail` names the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not names_a_filter(filterset_class, request.query_params):
            # Nothing to filter by: building and validating the form was an eighth of
            # a bbox page's CPU, for the same queryset (bench/RESULTS.md, bboxpage).
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            name, errors = next(iter(filterset.errors.items()))
            raise ParseError(MSG_FILTER_INVALID.format(name=name, message=" ".join(errors)))
        return filterset.qs


# The order matters: distance sets `request.located_near`, which search and
# ordering read; ordering comes last so that an explicit `ordering` wins.
LOCATED_FILTER_BACKENDS = [
    StrictDjangoFilterBackend,
    AreaFilterBackend,
    BBoxFilterBackend,
    DistanceFilterBackend,
    SearchFilterBackend,
    LocatedOrderingFilter,
]


def membership_prefetch() -> Prefetch:
    """Prefetch of the items' area index rows for `LocatedFeatureSerializer.areas`."""
    return Prefetch(
        "area_memberships",
        # Only the areas' names are shown: their boundaries would be sent and
        # parsed into GEOS once per item and area for nothing (bench/RESULTS.md).
        queryset=AreaMembership.objects.select_related("area", "division")
        .defer("area__geometry")
        .order_by("division__level", "division__slug", "area__code"),
    )


def _area_name_in_language() -> Coalesce:
    """The area's name as modeltranslation shows it: the active language, then the fallbacks."""
    languages = dict.fromkeys([(get_language() or "fi")[:2], "fi", "sv", "en"])
    return Coalesce(*(NullIf(F(f"area__name_{lang}"), Value("")) for lang in languages), Value(""))


def areas_annotation(model) -> Coalesce:
    """The item's areas as one JSON array built by PostgreSQL in the item's own row.

    What membership_prefetch gives, for long lists: prefetching made a dozen
    model instances per feature, which cost several times the query itself
    (bench/RESULTS.md). Annotate as `areas_json`; the serializer reads it.
    """
    rows = (
        AreaMembership.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(
            json=JSONBAgg(
                JSONObject(
                    id="area_id", division="division__slug", code="area__code", name=_area_name_in_language(), within="covers"
                ),
                order_by=("division__level", "division__slug", "area__code"),
            )
        )
        .values("json")
    )
    return Coalesce(Subquery(rows, output_field=JSONField()), Value([], output_field=JSONField()))


class ItemAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="area.id")
    division = serializers.CharField(source="division.slug")
    code = serializers.CharField(source="area.code")
    name = serializers.CharField(source="area.name")
    within = serializers.BooleanField(source="covers", help_text="Whether the item lies wholly inside the area.")


class LocatedFeatureSerializer(GeoFeatureModelSerializer):
    """Base of located GeoJSON features: PostGIS-rendered geometry, the areas, the distance."""

    geometry = GeoJSONTextField(source="geojson")
    areas = serializers.SerializerMethodField(help_text="The areas of every division the item lies in or touches.")
    distance_m = serializers.SerializerMethodField(
        allow_null=True, help_text="Metres from `near` (EPSG:3067), when given."
    )

    class Meta:
        geo_field = "geometry"
        id_field = "id"

    @classmethod
    def sql_properties(cls, *, srid: int) -> dict | None:
        """The properties PostgreSQL builds for list pages (areas.api.located_sql): the
        expressions of those that are no plain model field (method fields, model
        properties, nested lists), as this serializer represents them. A per-user field
        reads an annotation its selector makes for the request's user (`is_mine`:
        geo_osallisuus.row_expressions.authored_by). None: the kind's lists stay
        serialised in Python (a rule only Python can say)."""
        return None

    @extend_schema_field(ItemAreaSerializer(many=True))
    def get_areas(self, obj):
        # Lists annotate the areas in PostgreSQL (areas_annotation); single
        # items and other callers use membership_prefetch.
        annotated = getattr(obj, "areas_json", None)
        if annotated is not None:
            return annotated
        # What ItemAreaSerializer describes, built directly: a nested serializer
        # per feature cost more than the whole query on long lists (bench/RESULTS.md).
        return [
            {"id": m.area.id, "division": m.division.slug, "code": m.area.code, "name": m.area.name, "within": m.covers}
            for m in obj.area_memberships.all()
        ]

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_m(self, obj) -> float | None:
        distance = getattr(obj, "distance", None)
        return None if distance is None else round(distance.m, 1)


class LocatedViewSet(viewsets.ReadOnlyModelViewSet):
    """Base of located lists: the shared filters, GeoJSON pages, `srid`.

    Subclasses implement `located_queryset(srid=...)`, set `serializer_class`,
    `filterset_class` and `ordering_fields`.
    """

    pagination_class = GeoFeaturePagination
    filter_backends = LOCATED_FILTER_BACKENDS
    ordering_fields: tuple[str, ...] = ()

    def located_queryset(self, *, srid: int):
        raise NotImplementedError

    def get_queryset(self):
        self.request.output_srid = params.output_srid(self.request.query_params)
        queryset = self.located_queryset(srid=self.request.output_srid)
        return queryset.annotate(areas_json=areas_annotation(queryset.model))

    def list(self, request, *args, **kwargs):
        """A page built by PostgreSQL when the serializer can say its properties in SQL
        and the answer is JSON (the browsable API keeps the serializer)."""
        if self.paginator is None or not isinstance(request.accepted_renderer, JSONRenderer):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        feature = feature_expression(self.get_serializer_class(), queryset, srid=self.request.output_srid)
        if feature is None:  # ListModelMixin.list on the queryset already filtered
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        # Prefetches serve the serializer; the feature's SQL has what they fetched.
        queryset = queryset.prefetch_related(None)
        # Counted without the feature: Django's count inlines every annotation first
        # (a tenth of the page's CPU) to send the same `SELECT COUNT(*)`.
        page = self.paginator.page_queryset(queryset.annotate(located_feature=feature), request, self, counted=queryset)
        keys = self.paginator.keyset.names if self.paginator.keyset else []
        # At most max_page_size rows, but estimated costly enough for JIT and parallel workers
        # (~35 ms of a 1 000-feature page at 10x, geo_osallisuus.db_planning).
        with planned_for_few_rows(queryset.db):
            rows = list(page.values_list("located_feature", *keys))
        rows = self.paginator.settle([row[0] for row in rows], [row[1:] for row in rows])
        head = json.dumps(self.paginator.page_head(), ensure_ascii=False)
        return HttpResponse(f'{head[:-1]}, "features": [{",".join(rows)}]}}', content_type="application/json")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.output_srid != 4326:
            response.data["crs"] = {
                "type": "name",
                "properties": {"name": f"urn:ogc:def:crs:EPSG::{request.output_srid}"},
            }
        return response


class StrictBooleanField(forms.Field):
    """true/false, 1/0, yes/no; anything else is an error (django-filter's BooleanFilter ignores it)."""

    default_error_messages = {"invalid": _("Enter true or false, not %(value)r.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in params.TRUE_VALUES:
            return True
        if lowered in params.FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": str(value)[:20]})


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


MSG_DATE_RANGE_ORDER = _("Parameter {after} ({start}) is later than {before} ({end}).")


class LocatedFilterSet(django_filters.FilterSet):
    """Base of a located model's own filters. Declare date ranges with `date_range`:

        created_after, created_before = date_range("created", "the case was created")
    """

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name in self.filters:
            if name.endswith("_after"):
                pair = name[: -len("_after")] + "_before"
                start, end = data.get(name), data.get(pair)
                if start and end and start > end:
                    raise ParseError(MSG_DATE_RANGE_ORDER.format(after=name, start=start, before=pair, end=end))
        return super().filter_queryset(queryset)


def date_range(
    field: str, what: str, *, is_datetime: bool = True
) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """Two inclusive date filters on a date or datetime field: `<name>_after` and `<name>_before`
    (a datetime is compared by its date in settings.TIME_ZONE)."""
    lookup = f"{field}__date" if is_datetime else field
    return (
        django_filters.DateFilter(
            field_name=lookup, lookup_expr="gte", help_text=f"On or after this date (YYYY-MM-DD): {what}."
        ),
        django_filters.DateFilter(
            field_name=lookup, lookup_expr="lte", help_text=f"On or before this date (YYYY-MM-DD): {what}."
        ),
    )
