"""Reads of resident areas: who sees and moderates what, overlaps with official areas."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from areas.located import located_area_summary, located_models, published_count, published_geometry
from areas.models import Area
from areas.selectors import geojson_annotation
from geo_osallisuus import roles
from luotsit.models import Luotsi
from luotsit.providers import AreaContent

from .models import ResidentArea, ResidentAreaState, ResidentAreaVersion

# An official area that only shares a boundary line with a resident area has
# an intersection of (nearly) no surface: it is not "overlapped".
OVERLAP_MIN_M2 = 0.01


def _luotsi_areas(user) -> QuerySet[Area]:
    """The areas the active luotsi profile of `user` serves."""
    return Area.objects.filter(luotsit__in=Luotsi.objects.active().filter(user=user))


def _holds_enough_of(resident, official) -> GreaterThan:
    """True where `official` holds more than settings.RESIDENT_AREA_MIN_OVERLAP_SHARE of `resident`'s surface.

    A share, not mere intersection: the same boundary imported from another
    file (3067 -> 3879 -> 3067, as with the city's separate WFS layers) moves by
    a fraction of a millimetre, and the sliver it leaves (a millionth of a m²)
    must not make a neighbouring district's luotsi a moderator of an area that
    lies wholly in another district. Callers filter on ST_Intersects first, so
    that the index picks the candidates and ST_Intersection runs on few rows.
    """
    shared = Func(Func(resident, official, function="ST_Intersection"), function="ST_Area", output_field=FloatField())
    whole = Func(resident, function="ST_Area", output_field=FloatField())
    # More than the share and more than nothing: with a share of 0 a shared boundary line is still no overlap.
    share = Value(settings.RESIDENT_AREA_MIN_OVERLAP_SHARE, output_field=FloatField())
    return GreaterThan(shared, Greatest(whole * share, Value(0.0, output_field=FloatField())))


def resident_area_overlapped_by(areas: QuerySet[Area]) -> Exists:
    """For a ResidentArea queryset: some area of `areas` holds enough of its surface to moderate it.

    The one rule of "this proposal touches my area": the luotsi's queue, their
    list, the `touches` filter and the moderation permission all use it.
    """
    return Exists(
        areas.filter(geometry__intersects=OuterRef("geometry")).filter(_holds_enough_of(OuterRef("geometry"), F("geometry")))
    )


def resident_area_list(*, user, srid: int | None = None) -> QuerySet[ResidentArea]:
    """The proposals `user` may see: approved ones for everyone; their own; for a luotsi,
    the non-draft ones that touch an area they serve; for planners and admins, all."""
    queryset = ResidentArea.objects.select_related("area__division")
    if srid is not None:
        queryset = queryset.annotate(geojson=geojson_annotation("geometry", srid))
    if roles.user_is_planner(user):
        return queryset
    visible = Q(state=ResidentAreaState.APPROVED)
    if roles.user_is_signed_in(user):
        visible |= Q(author=user)
    if roles.user_is_luotsi(user):
        visible |= ~Q(state=ResidentAreaState.DRAFT) & Q(resident_area_overlapped_by(_luotsi_areas(user)))
    return queryset.filter(visible)


def resident_area_list_own(*, user) -> QuerySet[ResidentArea]:
    """The proposals `user` wrote, newest first, in every state."""
    if not roles.user_is_signed_in(user):
        return ResidentArea.objects.none()
    return ResidentArea.objects.filter(author=user).select_related("area__division").order_by("-created_at", "-id")


# The official divisions a resident may assemble an area from on the pages (by ticking areas).
PICKABLE_DIVISIONS = ("peruspiiri", "osa-alue")


def pickable_areas() -> QuerySet[Area]:
    """Official areas to join into a resident area, larger divisions first, by name."""
    return (
        Area.objects.filter(division__slug__in=PICKABLE_DIVISIONS, division__is_official=True)
        .select_related("division")
        .order_by("division__level", "division__slug", "name", "code")
    )


def resident_area_can_moderate(*, user, resident_area: ResidentArea) -> bool:
    """Planners and admins; a luotsi of an area the proposal touches, unless they wrote it."""
    if roles.user_is_planner(user):
        return True
    if not roles.user_is_luotsi(user) or resident_area.author_id == user.pk:
        return False
    return ResidentArea.objects.filter(pk=resident_area.pk).filter(resident_area_overlapped_by(_luotsi_areas(user))).exists()


def resident_area_can_edit(*, user, resident_area: ResidentArea) -> bool:
    """The author until approval; planners and admins always."""
    if roles.user_is_planner(user):
        return True
    return (
        roles.user_is_signed_in(user)
        and resident_area.author_id == user.pk
        and resident_area.state != ResidentAreaState.APPROVED
    )


def resident_area_versions(*, resident_area: ResidentArea, srid: int) -> QuerySet[ResidentAreaVersion]:
    """Every geometry the area has had, newest first."""
    return (
        resident_area.versions.select_related("changed_by")
        .annotate(geojson=geojson_annotation("geometry", srid))
        .order_by("-number")
    )


# --- Overlap analysis ---------------------------------------------------------------

_OVERLAP_SQL = """
    WITH r AS (SELECT geometry AS g, ST_Area(geometry) AS total FROM {table} WHERE id = %(id)s)
    SELECT d.slug, d.name_{lang}, d.name, a.id, a.code, a.name_{lang}, a.name, a.population,
           ST_Area(a.geometry), ST_Area(ST_Intersection(a.geometry, r.g)), r.total
    FROM r
    JOIN areas_area a ON ST_Intersects(a.geometry, r.g)
    JOIN areas_divisiontype d ON d.id = a.division_id
    WHERE d.is_official
    ORDER BY d.level, d.slug, a.code
"""


def resident_area_overlap(*, resident_area: ResidentArea) -> dict:
    """How the resident area lies on the official divisions, computed in PostGIS in one query.

    For each official division: each area the resident area overlaps, with the
    overlapping surface in m² and its `share` of the resident area (the shares of
    a division that covers the whole city add up to 1); `covered_share`, their
    sum; and an area-weighted population estimate (each area's population times
    the share of *its* surface that lies inside) where every overlapped area's
    population is known. `population_estimate` is that of the finest such
    division. `contents` counts the located items inside (cases, spaces, ...).
    """
    language = (translation.get_language() or "fi")[:2]
    if language not in ("fi", "sv", "en"):
        language = "fi"
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(ResidentArea._meta.db_table)
        cursor.execute(_OVERLAP_SQL.format(lang=language, table=table), {"id": resident_area.pk})
        rows = cursor.fetchall()
    total = resident_area.geometry.area if not rows else rows[0][10]
    divisions: dict[str, dict] = {}
    for slug, division_name, division_fallback, pk, code, name, name_fallback, population, surface, shared, _t in rows:
        if shared < OVERLAP_MIN_M2:
            continue
        entry = divisions.setdefault(
            slug,
            {
                "division": slug,
                "name": division_name or division_fallback,
                "covered_share": 0.0,
                "population_estimate": 0.0,
                "population_complete": True,
                "areas": [],
            },
        )
        share = shared / total
        entry["covered_share"] += share
        if population is None:
            entry["population_complete"] = False
        else:
            entry["population_estimate"] += population * shared / surface
        entry["areas"].append(
            {
                "id": pk,
                "code": code,
                "name": name or name_fallback,
                "overlap_m2": round(shared, 2),
                "share": share,
                "percent": round(100 * share, 2),
                "share_of_official_area": shared / surface,
                "population": population,
            }
        )
    estimate = None
    for entry in divisions.values():
        complete = entry.pop("population_complete")
        entry["population_estimate"] = round(entry["population_estimate"]) if complete else None
        entry["covered_percent"] = round(100 * entry["covered_share"], 2)
        if complete:
            estimate = entry["population_estimate"]  # divisions come larger first: the last is the finest
    return {
        "surface_m2": round(total, 2),
        "divisions": list(divisions.values()),
        "population_estimate": estimate,
        "contents": resident_area_contents(resident_area=resident_area),
    }


def resident_area_contents(*, resident_area: ResidentArea) -> dict[str, dict]:
    """Located items in the resident area: from the area index once it is an Area,
    before that by a spatial query on what each located model publishes of its place
    (feedback: its grid cell's centre, never its point), counted as the index counts."""
    if resident_area.area_id is not None:
        return located_area_summary(area=resident_area.area)
    contents = {}
    shape = resident_area.geometry
    for model in sorted(located_models(), key=lambda m: m.get_summary_key()):
        placed = model.objects.annotate(published=published_geometry(model))
        touching = placed.filter(published__intersects=shape)
        contents[model.get_summary_key()] = {
            "total": published_count(model=model, count=touching.count(), surface_m2=shape.area),
            "within": published_count(
                model=model, count=touching.filter(published__coveredby=shape).count(), surface_m2=shape.area
            ),
        }
    return contents


def contents_described(contents: dict[str, dict]) -> list[dict]:
    """`resident_area_contents` for a reader: each kind of item by its name (the
    model's plural verbose name in the active language), not its summary key."""
    names = {model.get_summary_key(): model._meta.verbose_name_plural for model in located_models()}
    return [
        {"key": key, "label": capfirst(names.get(key, key)), "total": counts["total"], "within": counts["within"]}
        for key, counts in contents.items()
    ]


# --- The luotsi's own view -------------------------------------------------------------


def luotsi_waiting_proposals(*, areas: Sequence[Area], user=None):
    """Content provider: resident area proposals waiting for moderation that touch each area."""
    waiting = (
        ResidentArea.objects.filter(state=ResidentAreaState.PROPOSED, geometry__intersects=OuterRef("geometry"))
        .filter(_holds_enough_of(F("geometry"), OuterRef("geometry")))
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = (
        Area.objects.filter(pk__in=[a.pk for a in areas])
        .annotate(n=Coalesce(Subquery(waiting[:1]), 0))
        .values_list("pk", "n")
    )
    return [
        AreaContent(
            area_id=pk,
            key="resident_area_proposals",
            label=str(_("Resident area proposals waiting for moderation")),
            count=n,
            url=f"{reverse('resident-area-list')}?{urlencode({'state': 'proposed', 'touches': pk})}",
        )
        for pk, n in counts
    ]
