"""Writes to cases and their locations: the Ahjo import, geolocation, planners' edits.

Every function that adds, changes or removes a location ends with
`case_geometry_sync`, which rebuilds the cases' own geometry from their
locations and their rows in the area index, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.utils.translation import gettext as _

from areas.geocoding import Place, TextGeolocator
from areas.geometry import clean_located
from areas.located import located_refresh

from .ahjo import AhjoCase
from .models import Case, CaseLocation

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
    point = place_or_location.point if isinstance(place_or_location, Place) else place_or_location.geometry
    precision = place_or_location.precision
    matched = place_or_location.matched if isinstance(place_or_location, Place) else place_or_location.matched_text
    return (round(point.x, 1), round(point.y, 1), str(precision), matched)


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
                geometry=place.point,
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
    located: int = 0
    unlocated: int = 0
    kept_drawn: int = 0
    relocated: int = 0
    dry_run: bool = False
    unlocated_ids: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        text = _(
            "{created} created, {updated} updated, {unchanged} unchanged; {not_public} not public (skipped), "
            "{removed} removed as no longer public. Geolocation: {located} located from text, {unlocated} unlocated, "
            "{kept_drawn} with a planner's location kept, {relocated} changed."
        ).format(**self.__dict__)
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return text


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
) -> CaseImportSummary:
    """Create or update public cases, all or nothing; re-running changes nothing.

    Cases are matched by their Ahjo id (either spelling). A case that is not
    public is not stored, and removed if it was. With `geolocate`, cases
    without a planner's location are placed from their title.
    """
    summary = CaseImportSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(cases, source, geolocate, geolocator, is_demo, summary)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _import(cases, source, geolocate, geolocator, is_demo, summary) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('cases.ahjo_import'))")
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
            "source": source[:200],
        }
        case = existing.get(case_id)
        if case is None:
            case = Case.objects.create(case_id=case_id, **values)
            summary.created += 1
        elif any(getattr(case, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(case, key, value)
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
