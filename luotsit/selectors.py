"""Reads: luotsi cards, the find-my-luotsi lookup, coverage, a luotsi's own view.

Publication rule: outside `luotsi_card(..., full=True)` (which only the API
gives to the luotsi themself, planners and admins) a contact field appears only
when its `publish_*` flag is set. Everything public goes through
`luotsi_public_contacts`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import Area as SurfaceArea
from django.contrib.gis.geos import Point
from django.db import connection
from django.db.models import Prefetch, QuerySet

from areas.models import Area, DivisionType
from areas.selectors import area_list

from . import providers
from .models import Luotsi, Role

ROLES = tuple(Role.values)


# --- Cards ------------------------------------------------------------------------


def luotsi_public_contacts(luotsi: Luotsi) -> dict[str, str | None]:
    """The contact fields whose publication the luotsi allows; None for the others."""
    return {
        "email": (luotsi.email or None) if luotsi.publish_email else None,
        "phone": (luotsi.phone or None) if luotsi.publish_phone else None,
        "photo_url": (luotsi.photo_url or None) if luotsi.publish_photo else None,
    }


def area_ref(area: Area) -> dict:
    return {
        "id": area.pk,
        "division": area.division.slug,
        "code": area.code,
        "name": area.name,
        "name_fi": area.name_fi,
        "name_sv": area.name_sv,
        "name_en": area.name_en,
    }


def luotsi_card(luotsi: Luotsi, *, full: bool = False) -> dict:
    """A luotsi as the map and the API show them: published contacts only, unless `full`.

    `luotsi.areas` should be prefetched with their divisions (`luotsi_list` does).
    """
    card = {
        "id": luotsi.pk,
        "name": luotsi.name,
        "role": luotsi.role,
        "role_label": str(luotsi.get_role_display()),
        "title": luotsi.title,
        "title_fi": luotsi.title_fi,
        "title_sv": luotsi.title_sv,
        "title_en": luotsi.title_en,
        "languages": list(luotsi.languages),
        "areas": [area_ref(a) for a in luotsi.areas.all()],
        **luotsi_public_contacts(luotsi),
    }
    if full:
        card.update(
            email=luotsi.email,
            phone=luotsi.phone,
            photo_url=luotsi.photo_url,
            publish_email=luotsi.publish_email,
            publish_phone=luotsi.publish_phone,
            publish_photo=luotsi.publish_photo,
            is_active=luotsi.is_active,
            active_from=luotsi.active_from,
            active_to=luotsi.active_to,
            erased_at=luotsi.erased_at,
            user=luotsi.user.get_username() if luotsi.user_id else None,
        )
    return card


def luotsi_list(*, include_inactive: bool = False, on: datetime.date | None = None) -> QuerySet[Luotsi]:
    """Luotsit with their areas prefetched; only those serving today unless `include_inactive`."""
    queryset = Luotsi.objects.all() if include_inactive else Luotsi.objects.active(on)
    return queryset.select_related("user").prefetch_related(
        Prefetch("areas", queryset=Area.objects.select_related("division").order_by("division__level", "code"))
    )


def luotsi_for_user(*, user) -> Luotsi | None:
    """The luotsi profile linked to `user`, if any and not erased."""
    if not getattr(user, "is_authenticated", False):
        return None
    return luotsi_list(include_inactive=True).filter(user=user, erased_at__isnull=True).first()


# --- Chains of areas: where to look, smallest first ---------------------------------


def _hierarchy_division_ids() -> set[int]:
    """Divisions that form the nested official hierarchy (suurpiiri ⊃ peruspiiri ⊃ osa-alue)."""
    nested = DivisionType.objects.filter(parent__isnull=False).values_list("pk", "parent_id")
    ids: set[int] = set()
    for pk, parent in nested:
        ids.update((pk, parent))
    return ids


def area_chains(*, area_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each area, the ids of the areas to search for its luotsi, itself first.

    The chain follows parent links (osa-alue → peruspiiri → suurpiiri). An area
    outside that hierarchy (a resident-defined area, a kaupunginosa) whose parent
    chain ends without reaching it continues with the hierarchy's areas that
    contain its point on surface, smallest first. Three queries in all.
    """
    ids = list(area_ids)
    rows = Area.objects.filter(pk__in=ids).values_list(
        "pk", "division_id", "parent_id", "parent__parent_id", "parent__parent__parent_id"
    )
    hierarchy = _hierarchy_division_ids()
    chains: dict[int, list[int]] = {}
    detached: list[int] = []
    for pk, division_id, *ancestors in rows:
        chain = [pk, *[a for a in ancestors if a is not None]]
        chains[pk] = chain
        if division_id not in hierarchy and len(chain) == 1:
            detached.append(pk)
    if detached:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT a.id, b.id
                FROM {Area._meta.db_table} a
                JOIN {Area._meta.db_table} b
                  ON b.id <> a.id AND ST_Covers(b.geometry, ST_PointOnSurface(a.geometry))
                WHERE a.id = ANY(%s) AND b.division_id = ANY(%s)
                ORDER BY a.id, ST_Area(b.geometry)
                """,
                [detached, list(hierarchy)],
            )
            for area_id, container_id in cursor.fetchall():
                chains[area_id].append(container_id)
    return chains


def point_chain(*, point: Point) -> list[Area]:
    """Every area that contains `point` (in settings.PROJECTION_SRID), smallest first."""
    return list(
        Area.objects.filter(geometry__covers=point)
        .select_related("division")
        .annotate(surface=SurfaceArea("geometry"))
        .order_by("surface", "pk")
    )


# --- Find my luotsi ---------------------------------------------------------------


@dataclass
class RoleMatch:
    role: str
    area: Area | None = None
    luotsit: list[Luotsi] = field(default_factory=list)
    is_fallback: bool = False


@dataclass
class LuotsiLookup:
    chain: list[Area]
    matches: dict[str, RoleMatch]

    @property
    def inside_helsinki(self) -> bool:
        return any(area.division.is_official for area in self.chain)


def _assignments(area_ids: Sequence[int], *, on: datetime.date | None = None) -> dict[tuple[int, str], list[int]]:
    """(area id, role) -> ids of the active luotsit serving that area directly."""
    through = Luotsi.areas.through
    found: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = (
        through.objects.filter(area_id__in=area_ids, luotsi__in=Luotsi.objects.active(on))
        .order_by("luotsi__name", "luotsi_id")
        .values_list("area_id", "luotsi__role", "luotsi_id")
    )
    for area_id, role, luotsi_id in rows:
        found[(area_id, role)].append(luotsi_id)
    return found


def _first_served(chain: Sequence[int], assignments, role: str) -> tuple[int | None, list[int]]:
    for area_id in chain:
        served = assignments.get((area_id, role))
        if served:
            return area_id, served
    return None, []


def luotsi_find(*, chain: Sequence[Area], on: datetime.date | None = None) -> LuotsiLookup:
    """For each role, the active luotsit of the first area in `chain` that has any."""
    ids = [a.pk for a in chain]
    assignments = _assignments(ids, on=on)
    wanted = {luotsi_id for served in assignments.values() for luotsi_id in served}
    by_id = {luotsi.pk: luotsi for luotsi in luotsi_list(on=on).filter(pk__in=wanted)}
    areas = {a.pk: a for a in chain}
    matches = {}
    for role in ROLES:
        area_id, served = _first_served(ids, assignments, role)
        matches[role] = RoleMatch(
            role=role,
            area=areas.get(area_id),
            luotsit=[by_id[pk] for pk in served if pk in by_id],
            is_fallback=area_id is not None and area_id != ids[0],
        )
    return LuotsiLookup(chain=list(chain), matches=matches)


def luotsi_lookup_point(*, point: Point, on: datetime.date | None = None) -> LuotsiLookup:
    """The luotsit serving `point`, from the smallest area that contains it outwards."""
    return luotsi_find(chain=point_chain(point=point), on=on)


def luotsi_lookup_area(*, area: Area, on: datetime.date | None = None) -> LuotsiLookup:
    """The luotsit serving `area`, falling back to its parents (and, outside the
    official hierarchy, to the official areas around it)."""
    ids = area_chains(area_ids=[area.pk])[area.pk]
    by_id = Area.objects.select_related("division").in_bulk(ids)
    return luotsi_find(chain=[by_id[pk] for pk in ids], on=on)


def luotsi_card_for_area(*, area: Area, on: datetime.date | None = None) -> list[dict]:
    """Public cards of the luotsit serving `area` (stadiluotsi first), for map popups
    and area pages. Each card says from which area it is inherited (`served_area`)."""
    lookup = luotsi_lookup_area(area=area, on=on)
    cards = []
    for role in ROLES:
        match = lookup.matches[role]
        for luotsi in match.luotsit:
            card = luotsi_card(luotsi)
            card["served_area"] = area_ref(match.area)
            card["is_fallback"] = match.is_fallback
            cards.append(card)
    return cards


# --- Coverage ---------------------------------------------------------------------

GAP, COVERED, OVERLAP = "gap", "covered", "overlap"


@dataclass
class CoverageRow:
    area: Area
    status: str
    direct_count: int
    effective_count: int
    served_area_id: int | None
    luotsit: list[dict]


def luotsi_coverage(
    *, division: DivisionType, role: str = Role.STADILUOTSI, srid: int | None = None, inherit: bool = True,
    on: datetime.date | None = None,
) -> list[CoverageRow]:
    """Each area of `division` with its active luotsit of `role`: `gap` (none),
    `covered` (one) or `overlap` (more than one).

    With `inherit` an area without a luotsi of its own is served by the first
    area up its chain that has one (as the lookup answers); without, only
    direct assignments count.
    """
    areas = list(area_list(srid=srid).filter(division=division))
    chains = area_chains(area_ids=[a.pk for a in areas]) if inherit else {a.pk: [a.pk] for a in areas}
    assignments = _assignments(sorted({pk for chain in chains.values() for pk in chain}), on=on)
    names = dict(Luotsi.objects.filter(pk__in={pk for ids in assignments.values() for pk in ids}).values_list("pk", "name"))
    rows = []
    for area in areas:
        served_area_id, served = _first_served(chains.get(area.pk, [area.pk]), assignments, role)
        count = len(served)
        rows.append(
            CoverageRow(
                area=area,
                status=GAP if count == 0 else COVERED if count == 1 else OVERLAP,
                direct_count=len(assignments.get((area.pk, role), [])),
                effective_count=count,
                served_area_id=served_area_id,
                luotsit=[{"id": pk, "name": names.get(pk, "")} for pk in served],
            )
        )
    return rows


# --- A luotsi's own view ----------------------------------------------------------


def luotsi_dashboard(*, luotsi: Luotsi, user=None) -> list[dict]:
    """The luotsi's areas, each with what every registered content provider counts in it."""
    areas = list(luotsi.areas.select_related("division").order_by("division__level", "code"))
    contents: dict[int, list[providers.AreaContent]] = defaultdict(list)
    for provider in providers.content_providers():
        for item in provider(areas=areas, user=user):
            contents[item.area_id].append(item)
    return [
        {
            "area": area_ref(area),
            "contents": [
                {"key": c.key, "label": c.label, "count": c.count, "url": c.url} for c in contents.get(area.pk, [])
            ],
        }
        for area in areas
    ]

