"""Writes of resident areas: define, change the geometry, submit, moderate.

The geometry and its history row are written together here and nowhere else
(not in save() or signals). Approval makes the proposal an Area of the
division `asukasalue` and refreshes the located index for it, so cases,
spaces and every other located item know they lie in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError
from areas.located import located_refresh_areas
from areas.models import Area, DivisionType

from .models import ResidentArea, ResidentAreaSource, ResidentAreaState, ResidentAreaVersion
from .validation import resident_geometry_clean

RESIDENT_DIVISION = "asukasalue"
CODE_PREFIX = "A-"
MAX_SOURCE_AREAS = 200

MSG_UNKNOWN_AREAS = _("No official area with the id {ids}.")
MSG_NO_AREAS = _("Pick at least one official area.")
MSG_TOO_MANY_AREAS = _("{count} areas were picked; at most {limit} are accepted.")
MSG_NOT_PROPOSED = _("Only a proposed area can be approved or rejected; this one is {state}.")
MSG_REASON_REQUIRED = _("A rejection needs a reason the author can read.")
MSG_CANNOT_SUBMIT = _("Only a draft or a rejected area can be proposed; this one is {state}.")
MSG_CANNOT_CHANGE = _("An approved area's geometry can be changed only by planners and admins.")
MSG_NAME_REQUIRED = _("Give the area a name.")


@dataclass(frozen=True)
class DefinedGeometry:
    """Geometry as the user gave it, before the resident-area rules: see validation."""

    geometry: GEOSGeometry
    source: str


def geometry_from_areas(*, area_ids: Sequence[int]) -> DefinedGeometry:
    """The union (ST_Union, in PostGIS) of official areas picked by id."""
    ids = sorted({int(i) for i in area_ids})
    if not ids:
        raise GeometryError(MSG_NO_AREAS)
    if len(ids) > MAX_SOURCE_AREAS:
        raise GeometryError(MSG_TOO_MANY_AREAS.format(count=len(ids), limit=MAX_SOURCE_AREAS))
    picked = Area.objects.filter(pk__in=ids, division__is_official=True)
    found = set(picked.values_list("pk", flat=True))
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise GeometryError(MSG_UNKNOWN_AREAS.format(ids=", ".join(missing)))
    union = picked.aggregate(union=Union("geometry"))["union"]
    return DefinedGeometry(geometry=union, source=ResidentAreaSource.AREAS)


@dataclass(frozen=True)
class ResidentAreaResult:
    resident_area: ResidentArea
    repaired: bool
    clipped: bool
    notices: tuple[str, ...]


def _names(names: dict[str, str]) -> dict[str, str]:
    fi = (names.get("fi") or "").strip()
    if not fi:
        raise GeometryError(MSG_NAME_REQUIRED)
    return {
        "name_fi": fi[:200],
        "name_sv": (names.get("sv") or "").strip()[:200] or fi[:200],
        "name_en": (names.get("en") or "").strip()[:200],
    }


def _version_add(*, resident_area: ResidentArea, clean, source: str, user) -> ResidentAreaVersion:
    last = resident_area.versions.aggregate(n=Max("number"))["n"] or 0
    return ResidentAreaVersion.objects.create(
        resident_area=resident_area,
        number=last + 1,
        geometry=clean.geometry,
        source=source,
        repaired=clean.repaired,
        clipped=clean.clipped,
        changed_by=user,
    )


@transaction.atomic
def resident_area_create(
    *, author, names: dict[str, str], description: str = "", defined: DefinedGeometry, submit: bool = True
) -> ResidentAreaResult:
    """A new proposal (or a draft when not `submit`), with its first history row.

    Raises GeometryError (nothing stored) when the geometry breaks a rule.
    """
    clean = resident_geometry_clean(geometry=defined.geometry)
    resident_area = ResidentArea.objects.create(
        author=author,
        description=description.strip(),
        geometry=clean.geometry,
        source=defined.source,
        state=ResidentAreaState.PROPOSED if submit else ResidentAreaState.DRAFT,
        **_names(names),
    )
    _version_add(resident_area=resident_area, clean=clean, source=defined.source, user=author)
    return ResidentAreaResult(resident_area, clean.repaired, clean.clipped, clean.notices)


@transaction.atomic
def resident_area_change_geometry(
    *, resident_area: ResidentArea, user, defined: DefinedGeometry
) -> ResidentAreaResult:
    """A new geometry for the proposal; the earlier ones stay in its history.

    An approved area's Area follows, and the located index is refreshed for it.
    """
    resident_area = ResidentArea.objects.select_for_update().get(pk=resident_area.pk)
    clean = resident_geometry_clean(geometry=defined.geometry)
    resident_area.geometry = clean.geometry
    resident_area.source = defined.source
    resident_area.save(update_fields=["geometry", "source", "modified_at"])
    _version_add(resident_area=resident_area, clean=clean, source=defined.source, user=user)
    if resident_area.area_id is not None:
        area = resident_area.area
        area.geometry = clean.geometry
        area.save(update_fields=["geometry", "modified_at"])
        located_refresh_areas(areas=[area])
    return ResidentAreaResult(resident_area, clean.repaired, clean.clipped, clean.notices)


@transaction.atomic
def resident_area_submit(*, resident_area: ResidentArea) -> ResidentArea:
    """A draft (or a rejected area, after changes) goes to the luotsit for moderation."""
    resident_area = ResidentArea.objects.select_for_update().get(pk=resident_area.pk)
    if resident_area.state not in (ResidentAreaState.DRAFT, ResidentAreaState.REJECTED):
        raise GeometryError(MSG_CANNOT_SUBMIT.format(state=resident_area.get_state_display()))
    resident_area.state = ResidentAreaState.PROPOSED
    resident_area.save(update_fields=["state", "modified_at"])
    return resident_area


@transaction.atomic
def resident_area_moderate(
    *, resident_area: ResidentArea, moderator, approve: bool, reason: str = ""
) -> ResidentArea:
    """Approve (the proposal becomes an Area of `asukasalue`) or reject with a reason.

    Whether `moderator` may do this is the caller's check
    (selectors.resident_area_can_moderate); the rules of the states are here.
    """
    resident_area = ResidentArea.objects.select_for_update().get(pk=resident_area.pk)
    if resident_area.state != ResidentAreaState.PROPOSED:
        raise GeometryError(MSG_NOT_PROPOSED.format(state=resident_area.get_state_display()))
    reason = reason.strip()
    if not approve and not reason:
        raise GeometryError(MSG_REASON_REQUIRED)
    resident_area.state = ResidentAreaState.APPROVED if approve else ResidentAreaState.REJECTED
    resident_area.moderation_reason = reason
    resident_area.moderator = moderator
    resident_area.moderated_at = timezone.now()
    if approve:
        resident_area.area = _area_create(resident_area)
    resident_area.save()
    return resident_area


def _area_create(resident_area: ResidentArea) -> Area:
    area = Area.objects.create(
        division=DivisionType.objects.get(slug=RESIDENT_DIVISION),
        code=f"{CODE_PREFIX}{resident_area.pk}",
        name_fi=resident_area.name_fi,
        name_sv=resident_area.name_sv or resident_area.name_fi,
        name_en=resident_area.name_en or "",
        geometry=resident_area.geometry,
        source=f"resident area proposal {resident_area.pk}",
    )
    # Everything located (cases, spaces, projects...) learns it lies in the new area.
    located_refresh_areas(areas=[area])
    return area

