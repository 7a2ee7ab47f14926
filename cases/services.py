"""Writes to cases and their locations: the Ahjo import, geolocation, planners' edits.

Every function that adds, changes or removes a location ends with
`case_geometry_sync`, which rebuilds the cases' own geometry from their
locations and their rows in the area index, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.utils.translation import gettext as _

from areas.geocoding import Place, TextGeolocator
from areas.geometry import clean_located
from areas.located import located_refresh
from areas.services import mass_delete_refused

from .ahjo import AhjoCase
from .models import Case, CaseLocation, case_parent_id

PRECISION_OF_PLACE = {
    "address": CaseLocation.Precision.ADDRESS,
    "street": CaseLocation.Precision.STREET,
    "area": CaseLocation.Precision.AREA,
}


def case_geometry_sync(*, case_ids: Iterable[int]) -> None:
    """Set each case's geometry to its locations (one, or a collection; none: empty)
    and rewrite its area index. Call after any change to locations."""
    ids = sorted({int(i) for i in case_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_case c SET geometry = agg.geom
            FROM (
                SELECT c2.id,
                       CASE WHEN count(l.id) = 0 THEN NULL
                            WHEN count(l.id) = 1 THEN (array_agg(l.geometry))[1]
                            ELSE ST_Collect(l.geometry ORDER BY l.id) END AS geom
                FROM cases_case c2 LEFT JOIN cases_caselocation l ON l.case_id = c2.id
                WHERE c2.id = ANY(%s)
                GROUP BY c2.id
            ) agg
            WHERE c.id = agg.id
            """,
            [ids],
        )
    located_refresh(model=Case, ids=ids)


@transaction.atomic
def case_location_create(
    *,
    case: Case,
    geometry: GEOSGeometry,
    source: str = CaseLocation.Source.DRAWN,
    description: str = "",
) -> CaseLocation:
    """Add a drawn or imported location (checked: kind, validity, inside Helsinki)."""
    clean = clean_located(geometry)
    location = CaseLocation.objects.create(
        case=case, geometry=clean.geometry, source=source, precision=CaseLocation.Precision.EXACT, description=description
    )
    case_geometry_sync(case_ids=[case.pk])
    return location


@transaction.atomic
def case_location_delete(*, location: CaseLocation) -> None:
    case_id = location.case_id
    location.delete()
    case_geometry_sync(case_ids=[case_id])


def _place_key(place_or_location) -> tuple:
    if isinstance(place_or_location, Place):
        shape, matched = place_or_location.shape, place_or_location.matched
    else:
        shape, matched = place_or_location.geometry, place_or_location.matched_text
    # The centroid of the same coordinates is the same: an area read back from PostGIS equals itself.
    centre = shape.centroid
    return (round(centre.x, 1), round(centre.y, 1), str(place_or_location.precision), matched)


@dataclass(frozen=True)
class GeolocationResult:
    located: bool | None  # None: left alone (a planner's or imported location)
    changed: bool


def case_geolocate(*, case: Case, text: str, geolocator: TextGeolocator) -> GeolocationResult:
    """Replace the case's geolocated locations with the places `text` names.

    A case that has a drawn or imported location is left alone: a planner's
    pin beats a guess. Locations are rewritten only when the places differ.
    Does not sync: callers batch `case_geometry_sync` over the changed cases.
    """
    own = list(case.locations.all())
    if any(loc.source != CaseLocation.Source.GEOLOCATED for loc in own):
        return GeolocationResult(located=None, changed=False)
    places = geolocator.locate(text)
    current = sorted(_place_key(loc) for loc in own)
    wanted = sorted(_place_key(p) for p in places)
    if current != wanted:
        CaseLocation.objects.filter(pk__in=[loc.pk for loc in own]).delete()
        CaseLocation.objects.bulk_create(
            CaseLocation(
                case=case,
                geometry=place.shape,
                source=CaseLocation.Source.GEOLOCATED,
                precision=PRECISION_OF_PLACE[place.precision],
                matched_text=place.matched[:200],
            )
            for place in places
        )
    return GeolocationResult(located=bool(places), changed=current != wanted)


@dataclass
class CaseImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_public: int = 0
    removed: int = 0
    removed_missing: int = 0
    kept_missing: int = 0
    linked: int = 0
    skipped_bad: int = 0
    located: int = 0
    unlocated: int = 0
    kept_drawn: int = 0
    relocated: int = 0
    dry_run: bool = False
    unlocated_ids: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        text = _(
            "{created} created, {updated} updated, {unchanged} unchanged; {not_public} not public (skipped), "
            "{removed} removed as no longer public, {removed_missing} removed as missing from the listing; "
            "{linked} sub-cases linked to their parent case; {skipped_bad} unreadable cases skipped "
            "({kept_missing} cases missing from the listing kept because of them). "
            "Geolocation: {located} located from text, {unlocated} unlocated, "
            "{kept_drawn} with a planner's location kept, {relocated} changed."
        ).format(**self.__dict__)
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return text


class CaseImportRefused(ValueError):
    """The import would remove too many cases; str() is for people. Nothing was changed."""


@dataclass(frozen=True)
class HandledWindow:
    """The cases a listing fetched with Ahjo's `handledsince`/`handledbefore` covers:
    last handled at or after `since` and before `before` (either may be open), so
    weekly windows meet without overlapping."""

    since: datetime | None = None
    before: datetime | None = None

    def cases(self, queryset):
        if self.since is not None:
            queryset = queryset.filter(last_handled__gte=self.since)
        if self.before is not None:
            queryset = queryset.filter(last_handled__lt=self.before)
        return queryset


class _DryRun(Exception):
    pass


def ahjo_cases_import(
    *,
    cases: list[AhjoCase],
    source: str,
    geolocate: bool = True,
    geolocator: TextGeolocator | None = None,
    is_demo: bool = False,
    dry_run: bool = False,
    window: HandledWindow | None = None,
    allow_mass_delete: bool = False,
    max_delete_share: float | None = None,
    skipped_bad: int = 0,
) -> CaseImportSummary:
    """Create or update public cases from a listing, all or nothing; re-running changes nothing.

    Cases are matched by their Ahjo id (either spelling). A case that is not
    public is not stored, and removed if it was (always: privacy is not held
    back by the guard). The listing is whole: stored cases (real or demo, as
    `is_demo`) missing from it are removed; with a `window`, only those handled
    inside the window, so an incremental run deletes nothing outside it.
    Removing more than `max_delete_share` of them raises CaseImportRefused
    unless `allow_mass_delete`. Sub-cases are linked to their parent case when
    it is stored. With `geolocate`, cases without a planner's location are
    placed from their title. When `skipped_bad` rows were left out, nothing
    missing is removed: a skipped row may be a stored case. The file's name is not content: the same cases
    from another file count as unchanged.
    """
    summary = CaseImportSummary(dry_run=dry_run, skipped_bad=skipped_bad)
    share = settings.IMPORT_MAX_DELETE_SHARE if max_delete_share is None else max_delete_share
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('cases.ahjo_import'))")
            scope = (window or HandledWindow()).cases(Case.objects.filter(is_demo=is_demo))
            existing = scope.count()
            _import(cases, source, geolocate, geolocator, is_demo, summary)
            _remove_missing({item.case_id for item in cases}, scope, existing, share, allow_mass_delete, summary)
            summary.linked = _link_parents()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _remove_missing(listed, scope, existing, share, allow, summary) -> None:
    missing = scope.exclude(case_id__in=listed)
    ids = sorted(missing.values_list("case_id", flat=True))
    if summary.skipped_bad:  # a skipped row may be one of them: removing it would lose a case
        summary.kept_missing = len(ids)
        return
    if mass_delete_refused(vanished=len(ids), existing=existing, share=share, allow=allow):
        raise CaseImportRefused(
            _(
                "The listing lacks {count} of the {total} stored cases it covers ({ids}); removing more than "
                "{share:.0%} needs --allow-mass-delete. Nothing was changed."
            ).format(count=len(ids), total=existing, ids=", ".join(ids[:10]), share=share)
        )
    summary.removed_missing = missing.delete()[1].get("cases.Case", 0) if ids else 0


def _link_parents() -> int:
    """Point every stored sub-case at its parent case (or none while the parent is not
    stored); the number of links changed."""
    subs = list(Case.objects.filter(case_id__regex=r"^\S+ \S+ ").only("case_id", "parent_id"))
    parents = dict(
        Case.objects.filter(case_id__in={case_parent_id(c.case_id) for c in subs}).values_list("case_id", "pk")
    )
    changed = []
    for sub in subs:
        parent_id = parents.get(case_parent_id(sub.case_id))
        if sub.parent_id != parent_id:
            sub.parent_id = parent_id
            changed.append(sub)
    Case.objects.bulk_update(changed, ["parent"])
    return len(changed)


def _import(cases, source, geolocate, geolocator, is_demo, summary) -> None:
    latest: dict[str, AhjoCase] = {}
    for item in cases:  # the last copy of a case in the input wins
        latest[item.case_id] = item
    existing = {c.case_id: c for c in Case.objects.filter(case_id__in=list(latest))}

    hidden = [cid for cid, item in latest.items() if not item.is_public]
    summary.not_public = len(hidden)
    if hidden:
        summary.removed = Case.objects.filter(case_id__in=hidden).delete()[1].get("cases.Case", 0)

    touched: list[tuple[Case, AhjoCase]] = []
    for case_id, item in latest.items():
        if not item.is_public:
            continue
        language = item.language if item.language in ("fi", "sv") else "fi"
        values = {
            f"title_{language}": item.title,
            "classification_code": item.classification_code,
            "classification_title": item.classification_title,
            "status": item.status,
            "status_ahjo": item.status_ahjo,
            "sector": item.sector,
            "sector_code": item.sector_code,
            "language": item.language,
            "created": item.created,
            "acquired": item.acquired,
            "last_handled": item.last_handled,
            "geolocation_text": item.text_for_geolocation[:5000],
            "is_demo": is_demo,
        }
        case = existing.get(case_id)
        if case is None:
            case = Case.objects.create(case_id=case_id, source=source[:200], **values)
            summary.created += 1
        elif any(getattr(case, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(case, key, value)
            case.source = source[:200]  # where the change came from; a new file name alone is no change
            case.save()
            summary.updated += 1
        else:
            summary.unchanged += 1
        touched.append((case, item))

    if not geolocate:
        return
    geolocator = geolocator or TextGeolocator.from_database()
    changed = []
    for case, item in touched:
        result = case_geolocate(case=case, text=case.geolocation_text, geolocator=geolocator)
        if result.located is None:
            summary.kept_drawn += 1
        elif result.located:
            summary.located += 1
        else:
            summary.unlocated += 1
            summary.unlocated_ids.append(case.case_id)
        if result.changed:
            changed.append(case.pk)
    summary.relocated = len(changed)
    case_geometry_sync(case_ids=changed)


@dataclass
class GeolocateSummary:
    located: int = 0
    unlocated: int = 0
    kept_drawn: int = 0
    changed: int = 0

    def as_text(self) -> str:
        return _(
            "{located} located from text, {unlocated} unlocated, {kept_drawn} with a planner's location kept, "
            "{changed} changed."
        ).format(**self.__dict__)


@transaction.atomic
def cases_geolocate(*, cases=None, geolocator: TextGeolocator | None = None) -> GeolocateSummary:
    """Place `cases` (default: all) from their text again, e.g. after the address register changed.

    Cases with a drawn or imported location are left alone.
    """
    geolocator = geolocator or TextGeolocator.from_database()
    queryset = (Case.objects.all() if cases is None else cases).prefetch_related("locations")
    summary, changed = GeolocateSummary(), []
    for case in queryset:
        result = case_geolocate(case=case, text=case.geolocation_text, geolocator=geolocator)
        if result.located is None:
            summary.kept_drawn += 1
        elif result.located:
            summary.located += 1
        else:
            summary.unlocated += 1
        if result.changed:
            changed.append(case.pk)
    summary.changed = len(changed)
    case_geometry_sync(case_ids=changed)
    return summary
