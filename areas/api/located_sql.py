"""Located features built by PostgreSQL: a list page as one statement whose rows
are finished GeoJSON Features (json_build_object + ST_AsGeoJSON), as
ogc.features builds its items.

Serialising a page of 1 000 features in DRF made ~13 000 Python objects and
cost several times the query (bench/RESULTS.md). Here Python only joins text.
What a feature publishes stays the serializer's: its `Meta.fields`, in order.
A model field becomes its column in the serializer's representation (a
datetime as DRF writes it, a translated field with modeltranslation's
fallbacks); anything else (method fields, model properties, nested lists)
must be given by the serializer's `sql_properties()`, or building fails
early. Tests compare every kind's SQL page with its serializer's.

A page (at most 1 000 features, about a megabyte) is joined into one body
rather than streamed: the API's ETag is a hash of the body (geo_osallisuus.caching)
and gzip compresses it whole; the unbounded whole-layer exports stream (ogc.features).
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Case, Expression, ExpressionWrapper, F, FloatField, Func, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_language, resolution_order

from areas.models import Area

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# PostgreSQL functions take at most 100 arguments: 50 key/value pairs.
MAX_PAIRS = 50


class JSONBuildObject(Expression):
    """json_build_object('key', value, ...) with literal keys, as text (psycopg would parse json)."""

    output_field = TextField()

    def __init__(self, pairs: dict[str, object], *, as_text: bool = True):
        super().__init__()
        if len(pairs) > MAX_PAIRS:
            raise ImproperlyConfigured(f"json_build_object takes at most {MAX_PAIRS} members, not {len(pairs)}.")
        for name in pairs:
            # Keys are written into the SQL as literals: only plain identifiers pass.
            if not _NAME.match(name):
                raise ImproperlyConfigured(f"Property name {name!r} is not a plain identifier.")
        self.names = list(pairs)
        self.values = [value if hasattr(value, "resolve_expression") else F(value) for value in pairs.values()]
        self.as_text = as_text

    def get_source_expressions(self):
        return self.values

    def set_source_expressions(self, exprs):
        self.values = list(exprs)

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for name, value in zip(self.names, self.values, strict=True):
            sql, value_params = compiler.compile(value)
            parts.append(f"'{name}', {sql}")
            params.extend(value_params)
        sql = f"json_build_object({', '.join(parts)})"
        return (f"{sql}::text" if self.as_text else sql), params


class AsJSON(Func):
    """Text that already is JSON (ST_AsGeoJSON's), as json for json_build_object."""

    template = "(%(expressions)s)::json"
    output_field = TextField()


class ISODateTime(Func):
    """A timestamptz as DRF's DateTimeField writes it: ISO 8601 in the current time
    zone, microseconds only when there are some, `Z` for UTC."""

    output_field = TextField()
    template = (
        "(SELECT to_char(l, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        " || CASE WHEN to_char(l, 'US') = '000000' THEN '' ELSE to_char(l, '.US') END"
        " || CASE WHEN o = interval '0' THEN 'Z' WHEN o < interval '0' THEN '-' || to_char(-o, 'HH24:MI')"
        " ELSE '+' || to_char(o, 'HH24:MI') END"
        " FROM (SELECT v AT TIME ZONE %%s AS l, (v AT TIME ZONE %%s) - (v AT TIME ZONE 'UTC') AS o"
        " FROM (SELECT %(expressions)s AS v) v) t)"
    )

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        zone = timezone.get_current_timezone_name()
        # The zone's two placeholders come before the value's own in the text.
        return sql, (zone, zone, *params)


class Rounded(Func):
    """round(x, 1) as a number, as the serializers round metres."""

    template = "round((%(expressions)s)::numeric, 1)::float8"
    output_field = FloatField()


def translated(model, name: str, *, via: str = "") -> Expression:
    """A modeltranslation field as its descriptor reads it: the active language, then the
    fallbacks, skipping the field's empty value, else that value. `via`: the relation
    path to `model` ("space__") when it is another model's."""
    empty = model._meta.get_field(name).get_default()
    languages = resolution_order(get_language())
    columns = [F(f"{via}{name}_{language}") for language in languages]
    if empty is None:
        return Coalesce(*columns)
    return Coalesce(*(NullIf(column, Value(empty)) for column in columns), Value(empty))


def area_code(path: str = "area") -> Case:
    """"<division slug>:<area code>" of the item's `path` area, null without one (the serializers' area_code)."""
    return Case(
        When(**{f"{path}__isnull": False}, then=Concat(F(f"{path}__division__slug"), Value(":"), F(f"{path}__code"))),
        default=None,
        output_field=TextField(),
    )


def area_ref(path: str = "area") -> Case:
    """The item's `path` area as AreaRefSerializer gives it, null without one."""
    area = {name: F(f"{path}__{name}") for name in ("id", "code", "name_fi", "name_sv", "name_en")}
    area |= {"division": F(f"{path}__division__slug"), "name": translated(Area, "name", via=f"{path}__")}
    return Case(
        When(**{f"{path}__isnull": False}, then=JSONBuildObject(area, as_text=False)), default=None, output_field=TextField()
    )


def choice_label(field: str, choices) -> Case:
    """The display label of a choice `field` in the active language (`get_<field>_display()`)."""
    labels = [When(**{field: value}, then=Value(str(label))) for value, label in choices]
    return Case(*labels, default=F(field), output_field=TextField())


def _translated_fields(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def model_field_expression(model, name: str) -> Expression | None:
    """A model field as DRF's ModelSerializer represents it, or None when it is no plain field."""
    if name in _translated_fields(model):
        return translated(model, name)
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: a property or method field
        return None
    if not field.concrete or field.many_to_many:
        return None
    if isinstance(field, models.DateTimeField):
        return ISODateTime(F(field.attname))
    if isinstance(field, models.DecimalField):
        return ExpressionWrapper(F(field.attname), output_field=TextField())
    return F(field.attname)


def feature_expression(serializer_class, queryset: QuerySet, *, srid: int) -> JSONBuildObject | None:
    """The GeoJSON Feature of `serializer_class` for each row of `queryset` (geometry in
    `srid`), or None when the serializer publishes nothing in SQL (its kind keeps the Python path)."""
    given = serializer_class.sql_properties(srid=srid)
    if given is None:
        return None
    model = queryset.model
    meta = serializer_class.Meta
    properties: dict[str, object] = {}
    for name in meta.fields:
        if name in (meta.id_field, meta.geo_field):
            continue
        if name in given:
            properties[name] = given[name]
        elif name == "areas":
            properties[name] = F("areas_json")
        elif name == "distance_m":
            near = "distance" in queryset.query.annotations
            properties[name] = Rounded(F("distance")) if near else RawSQL("NULL::float8", ())
        else:
            expression = model_field_expression(model, name)
            if expression is None:
                raise ImproperlyConfigured(f"{serializer_class.__name__}.sql_properties() does not give {name!r}.")
            properties[name] = expression
    return JSONBuildObject(
        {
            "id": F(meta.id_field),
            "type": RawSQL("'Feature'::text", ()),
            "geometry": AsJSON(F("geojson")),
            "properties": JSONBuildObject(properties, as_text=False),
        }
    )
