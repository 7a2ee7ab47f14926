"""Writes to areas and divisions: imports, parent links, demo data, populations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .area_links import area_links_restore, area_links_store
from .geometry import MSG_GEOMETRY_OUTSIDE, GeometryError, clean_polygonal, helsinki_extent
from .importing.mapping import FieldMapping
from .importing.municipality import is_helsinki
from .importing.population import PopulationFileError, PopulationRow, PopulationTable, code_key
from .importing.readers import MSG_NO_FEATURES, MSG_NOTHING_CHANGED, ImportFileError, SourceLayer
from .located import located_refresh_areas
from .models import Area, DivisionType
from .selectors import METRIC_PRECISION

# Geometries this close are the same: the service's own exports round coordinates to this.
SAME_GEOMETRY_METRES = 10**-METRIC_PRECISION


@dataclass
class ImportSummary:
    division: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    repaired: int = 0
    parts_merged: int = 0
    linked_to_parent: int = 0
    without_parent: int = 0
    dry_run: bool = False
    located_index_rows: int = 0
    repaired_codes: list[str] = field(default_factory=list)
    # Links to removed areas (a luotsi's assignments, ...), kept for the code's return.
    links_removed: list[str] = field(default_factory=list)
    links_restored: int = 0
    other_municipality: int = 0  # features of other municipalities in a regional file, skipped

    def as_text(self) -> str:
        text = _(
            "{division}: {created} created, {updated} updated, {unchanged} unchanged, {removed} removed, "
            "{repaired} geometries repaired"
        ).format(**self.__dict__)
        if self.parts_merged:
            text += _("; {n} features merged into areas of the same code").format(n=self.parts_merged)
        if self.other_municipality:
            text += _("; {n} features of other municipalities skipped").format(n=self.other_municipality)
        if self.without_parent:
            text += _("; {n} areas lie in no single parent area").format(n=self.without_parent)
        if self.links_removed:
            text += _("; {n} assignments to removed areas dropped (they return with the area's code): {links}").format(
                n=len(self.links_removed), links="; ".join(self.links_removed)
            )
        if self.links_restored:
            text += _("; {n} assignments restored to returning areas").format(n=self.links_restored)
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return text


@dataclass
class _Incoming:
    code: str
    names: dict[str, str]
    full_code: str
    population: int | None
    parts: list
    repaired: bool = False


class _DryRunRollback(Exception):
    pass


def _normalise_name(value) -> str:
    """Helsinki's suurpiiri and peruspiiri layers write names in upper case."""
    text = " ".join(str(value or "").split())
    return text.title() if text.isupper() else text


def _read_features(
    layer: SourceLayer, mapping: FieldMapping, progress: Callable[[int, int | None], None] | None
) -> tuple[dict[str, _Incoming], int, int]:
    """(areas by code, features merged into another of their code, features of other municipalities)."""
    incoming: dict[str, _Incoming] = {}
    merged = other = 0
    for feature in layer.features:
        if not is_helsinki(mapping.value(feature.properties, "municipality")):
            other += 1
            continue
        code = mapping.value(feature.properties, "code")
        code = str(code).strip() if code is not None else ""
        if not code:
            raise ImportFileError(_("Feature {n} has no code.").format(n=feature.number))
        if feature.geometry is None:
            raise ImportFileError(_("Feature {n} (code {code}) has no geometry.").format(n=feature.number, code=code))
        try:
            # Divisions draw Helsinki's boundary (areas.boundary): a new line may move it,
            # so they are held to the outer box, not to the boundary they replace.
            clean = clean_polygonal(feature.geometry, check_extent=False)
            if not helsinki_extent().contains(clean.geometry):
                raise GeometryError(MSG_GEOMETRY_OUTSIDE)
        except GeometryError as exc:
            raise ImportFileError(
                _("Feature {n} (code {code}): {error}").format(n=feature.number, code=code, error=exc)
            ) from None
        population = mapping.value(feature.properties, "population")
        try:
            population = int(population) if population not in (None, "") else None
        except (TypeError, ValueError):
            raise ImportFileError(
                _("Feature {n} (code {code}) has a population that is not a number: {value!r}").format(
                    n=feature.number, code=code, value=population
                )
            ) from None
        if code in incoming:
            merged += 1
            incoming[code].parts.append(clean.geometry)
            incoming[code].repaired |= clean.repaired
        else:
            incoming[code] = _Incoming(
                code=code,
                names={
                    lang: _normalise_name(mapping.value(feature.properties, f"name_{lang}"))
                    for lang in ("fi", "sv", "en")
                },
                full_code=str(mapping.value(feature.properties, "full_code") or ""),
                population=population,
                parts=[clean.geometry],
                repaired=clean.repaired,
            )
        if progress:
            progress(feature.number, layer.count)
    if not incoming and other:
        raise ImportFileError(_("All {n} features are in other municipalities than Helsinki.").format(n=other))
    if not incoming:
        raise ImportFileError(MSG_NO_FEATURES)
    return incoming, merged, other


def _merge_parts(parts: list) -> MultiPolygon:
    if len(parts) == 1:
        return parts[0]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.union(part)
    if merged.geom_type == "Polygon":
        merged = MultiPolygon(merged, srid=settings.PROJECTION_SRID)
    return merged


def _lock_division(division: DivisionType) -> None:
    """Serialise imports of one division (held until the transaction ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"areas.import:{division.slug}"])


def mass_delete_refused(*, vanished: int, existing: int, share: float, allow: bool) -> bool:
    """The rule of every importer's guard: removing more than `share` of the `existing`
    rows is refused unless `allow`. Shared by the area and case importers."""
    return bool(vanished) and not allow and vanished > share * existing


def mass_delete_check(
    *, division: DivisionType, vanished: list[Area], existing: int, share: float, allow: bool
) -> None:
    """Refuse an import that would remove more than `share` of the division's `existing`
    areas, unless `allow`. A plain function (not under @transaction.atomic) so that
    `make mutate` can mutate the guard."""
    if mass_delete_refused(vanished=len(vanished), existing=existing, share=share, allow=allow):
        raise ImportFileError(
            _(
                "The file lacks {count} of the {total} existing {division} areas ({codes}); removing more than "
                "{share:.0%} needs --allow-mass-delete. Nothing was changed."
            ).format(
                count=len(vanished),
                total=existing,
                division=division.slug,
                codes=", ".join(sorted(a.code for a in vanished)[:10]),
                share=share,
            )
        )


def _protected_message(vanished: list[Area], protected) -> str:
    """Which vanished areas other rows (budget rounds, projects, ...) still refer to, and what refers."""
    by_area: dict[int, dict[str, list[str]]] = {}
    ids = {area.pk for area in vanished}
    for obj in protected:
        for fk in obj._meta.fields:
            if fk.is_relation and fk.related_model is Area and getattr(obj, fk.attname) in ids:
                what = by_area.setdefault(getattr(obj, fk.attname), {})
                what.setdefault(str(obj._meta.verbose_name_plural), []).append(str(obj))
    lines = []
    for area in sorted((a for a in vanished if a.pk in by_area), key=lambda a: a.code):
        referrers = "; ".join(f"{plural} ({', '.join(objs[:3])})" for plural, objs in by_area[area.pk].items())
        lines.append(
            _("Area {code} ({name}) cannot be removed: {referrers} refer to it.").format(
                code=area.code, name=area.name_fi, referrers=referrers
            )
        )
    return " ".join(lines) + " " + str(MSG_NOTHING_CHANGED)


@transaction.atomic
def division_import(
    *,
    layer: SourceLayer,
    division: DivisionType,
    mapping: FieldMapping,
    source: str,
    valid_from: date | None = None,
    max_delete_share: float | None = None,
    allow_mass_delete: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportSummary:
    """Create or update `division`'s areas from `layer`, all or nothing.

    Areas are matched by division and code and updated in place, so a re-run
    changes nothing. Areas missing from the file are removed, unless they are
    more than `max_delete_share` of the division (then the import stops, unless
    `allow_mass_delete`). Several features with one code are merged. Parent
    links are recomputed by containment, upwards and downwards.
    """
    incoming, merged, other = _read_features(layer, mapping, progress)
    summary = ImportSummary(division=division.slug, parts_merged=merged, other_municipality=other, dry_run=dry_run)
    _lock_division(division)
    existing = {area.code: area for area in Area.objects.filter(division=division)}

    vanished = [area for code, area in existing.items() if code not in incoming]
    share = settings.IMPORT_MAX_DELETE_SHARE if max_delete_share is None else max_delete_share
    mass_delete_check(
        division=division, vanished=vanished, existing=len(existing), share=share, allow=allow_mass_delete
    )

    created: list[Area] = []
    for code, item in incoming.items():
        geometry = _merge_parts(item.parts)
        if item.repaired:
            summary.repaired += 1
            summary.repaired_codes.append(code)
        values = {
            "name_fi": item.names["fi"],
            "name_sv": item.names["sv"] or item.names["fi"],
            "name_en": item.names["en"],
            "full_code": item.full_code,
            "is_approximate": False,
        }
        if valid_from is not None:
            values["valid_from"] = valid_from
        if item.population is not None:
            values["population"] = item.population
        area = existing.get(code)
        # A file without Swedish (or English) names keeps those stored: a KML or another
        # city's layer must not overwrite Swedish names with the Finnish ones.
        for lang in ("sv", "en"):
            if area is not None and f"name_{lang}" not in mapping.fields:
                values[f"name_{lang}"] = getattr(area, f"name_{lang}")
        if area is None:
            created.append(
                Area.objects.create(division=division, code=code, geometry=geometry, source=source[:200], **values)
            )
            summary.created += 1
            continue
        changed = not area.geometry.equals_exact(geometry, SAME_GEOMETRY_METRES) or any(
            getattr(area, key) != value for key, value in values.items()
        )
        if changed:
            for key, value in values.items():
                setattr(area, key, value)
            area.geometry = geometry
            area.source = source[:200]  # where the change came from; a new file name alone is no change
            area.save()
            summary.updated += 1
        else:
            summary.unchanged += 1

    summary.links_restored = area_links_restore(areas=created)
    if vanished:
        summary.links_removed = area_links_store(areas=vanished)
        try:
            summary.removed = Area.objects.filter(pk__in=[a.pk for a in vanished]).delete()[1].get("areas.Area", 0)
        except ProtectedError as exc:
            raise ImportFileError(_protected_message(vanished, exc.protected_objects)) from None

    link = areas_link_parents(division=division)
    summary.linked_to_parent = link.linked
    summary.without_parent = link.without_parent
    for child in division.children.all():
        areas_link_parents(division=child)
    # Cases, spaces and every other located item: which of these areas they lie in.
    summary.located_index_rows = located_refresh_areas(division=division)

    if dry_run:
        transaction.set_rollback(True)
    return summary


@dataclass
class LinkResult:
    linked: int
    without_parent: int


def areas_link_parents(*, division: DivisionType) -> LinkResult:
    """Set each area's parent to the one area of the parent division that holds
    at least settings.AREA_PARENT_MIN_SHARE of its surface (or none), in PostGIS.

    Two statements on purpose: the parents are found first and written after. One
    UPDATE whose subquery scanned areas_area's own GiST index lost index entries of
    live rows on PostgreSQL 15 + PostGIS 3.3 when rolled-back inserts (a failed
    import) had left dead entries there; lookups then missed whole areas
    (tests/areas/test_link_parents_index.py)."""
    if division.parent_id is None:
        return LinkResult(linked=0, without_parent=0)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.id, (
                SELECT p.id
                FROM areas_area p
                WHERE p.division_id = %(parent_division)s
                  AND ST_Intersects(p.geometry, c.geometry)
                  AND ST_Area(ST_Intersection(p.geometry, c.geometry))
                      >= %(share)s * ST_Area(c.geometry)
                LIMIT 1
            )
            FROM areas_area c
            WHERE c.division_id = %(division)s
            """,
            {"parent_division": division.parent_id, "division": division.pk, "share": settings.AREA_PARENT_MIN_SHARE},
        )
        best = cursor.fetchall()
        cursor.execute(
            """
            UPDATE areas_area a SET parent_id = best.parent_id
            FROM unnest(%(children)s::bigint[], %(parents)s::bigint[]) AS best(child_id, parent_id)
            WHERE a.id = best.child_id AND a.parent_id IS DISTINCT FROM best.parent_id
            """,
            {"children": [child for child, _ in best], "parents": [parent for _, parent in best]},
        )
        linked = cursor.rowcount
    without = Area.objects.filter(division=division, parent__isnull=True).count()
    return LinkResult(linked=linked, without_parent=without)


@dataclass
class AddressImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    outside: int = 0

    def as_text(self) -> str:
        return _(
            "{created} created, {updated} updated, {unchanged} unchanged, {removed} removed; "
            "{outside} outside Helsinki skipped"
        ).format(**self.__dict__)


@transaction.atomic
def addresses_import(*, rows, source: str, is_demo: bool = False, replace: bool = False) -> AddressImportSummary:
    """Create or update addresses by street and number, all or nothing; a re-run changes nothing.

    With `replace`, addresses of the same `source` that `rows` lacks are removed.
    Geolocated cases are not re-placed here: run `geolocate_cases` afterwards.
    """
    from .models import Address

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('areas.addresses_import'))")
    summary = AddressImportSummary()
    incoming = {(row.street_fi, row.number): row for row in rows}
    existing = {(a.street_fi, a.number): a for a in Address.objects.all()}
    new, changed = [], []
    for key, row in incoming.items():
        values = {
            "street_sv": row.street_sv,
            "postal_code": row.postal_code,
            "is_demo": is_demo,
            "source": source[:200],
        }
        address = existing.get(key)
        if address is None:
            new.append(Address(street_fi=row.street_fi, number=row.number, point=row.point, **values))
            continue
        if any(getattr(address, k) != v for k, v in values.items()) or not address.point.equals_exact(row.point, 0.01):
            for k, v in values.items():
                setattr(address, k, v)
            address.point = row.point
            changed.append(address)
        else:
            summary.unchanged += 1
    Address.objects.bulk_create(new, batch_size=2000)
    Address.objects.bulk_update(changed, ["street_sv", "postal_code", "is_demo", "source", "point"], batch_size=2000)
    summary.created, summary.updated = len(new), len(changed)
    if replace:
        stale = [a.pk for key, a in existing.items() if a.source == source[:200] and key not in incoming]
        summary.removed = Address.objects.filter(pk__in=stale).delete()[0]
    return summary


@dataclass(frozen=True)
class PopulationChange:
    code: str
    name: str
    old_population: int | None
    old_year: int | None
    population: int
    year: int
    old_eligible: int | None = None
    eligible: int | None = None  # residents of voting age

    @property
    def changed(self) -> bool:
        return (self.old_population, self.old_year, self.old_eligible) != (self.population, self.year, self.eligible)

    def as_text(self) -> str:
        new = f"{self.population} ({self.year})"
        if self.eligible is not None:
            new += " " + _("{eligible} of voting age").format(eligible=self.eligible)
        if not self.changed:
            return _("{code} {name}: {new}, unchanged").format(code=self.code, name=self.name, new=new)
        old = "–" if self.old_population is None else f"{self.old_population} ({self.old_year or '?'})"
        return f"{self.code} {self.name}: {old} → {new}"


@dataclass
class PopulationImportSummary:
    division: str
    year: int
    changes: list[PopulationChange] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # current areas the file has no row for
    not_current: list[str] = field(default_factory=list)  # rows for areas no longer (or not yet) valid
    dry_run: bool = False

    @property
    def updated(self) -> int:
        return sum(change.changed for change in self.changes)

    @property
    def unchanged(self) -> int:
        return len(self.changes) - self.updated

    def warnings(self) -> list[str]:
        notes = []
        if self.missing:
            notes.append(
                _("Not in the file for {year}, left as they were: {areas}.").format(
                    year=self.year, areas=", ".join(self.missing)
                )
            )
        if self.not_current:
            notes.append(
                _("Rows for areas not valid today, skipped: {areas}.").format(areas=", ".join(self.not_current))
            )
        return notes

    def as_text(self) -> str:
        text = _(
            "{division}, population of {year}: {updated} updated, {unchanged} unchanged, {missing} not in the file"
        ).format(
            division=self.division,
            year=self.year,
            updated=self.updated,
            unchanged=self.unchanged,
            missing=len(self.missing),
        )
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return text


@transaction.atomic
def area_populations_import(
    *,
    table: PopulationTable,
    division: DivisionType,
    year: int | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> PopulationImportSummary:
    """Set `population` and `population_year` of `division`'s current areas from
    the rows of `year` in `table` (default: its latest year), all or nothing.

    Codes are matched without leading zeros. A row whose code no area of the
    division has stops the import (a typo must not pass unnoticed); a row for an
    area not valid `today` is reported and skipped; current areas the file lacks
    are reported and keep their figures. A re-run changes nothing.

    Budget allocations already computed keep the populations they were computed
    from (budgeting.AreaAllocation.population): only an explicit recomputation
    (budgeting.services.allocation_compute) reads the new figures.
    """
    year, rows = table.year_rows(year)
    summary = PopulationImportSummary(division=division.slug, year=year, dry_run=dry_run)
    _lock_division(division)
    today = today or timezone.localdate()
    areas = sorted(
        Area.objects.filter(division=division).defer("geometry").select_for_update(),
        key=lambda area: (area.code.zfill(10), area.code),
    )
    current = set(Area.objects.filter(division=division).valid_on(today).values_list("pk", flat=True))
    by_key: dict[str, list[Area]] = {}
    for area in areas:
        by_key.setdefault(code_key(area.code), []).append(area)

    matched: list[tuple[Area, PopulationRow]] = []
    for row in rows:
        candidates = by_key.get(code_key(row.code), [])
        if len(candidates) > 1:
            candidates = [area for area in candidates if area.code == row.code.strip()]
            if len(candidates) != 1:
                raise PopulationFileError(
                    _("{where}: the code {code!r} matches several {division} areas ({codes}).").format(
                        where=table.where(row, table.code_column),
                        code=row.code,
                        division=division.slug,
                        codes=", ".join(a.code for a in by_key[code_key(row.code)]),
                    )
                )
        if not candidates:
            codes = [area.code for area in areas if area.pk in current]
            codes = ", ".join(codes[:20]) + (", …" if len(codes) > 20 else "")
            raise PopulationFileError(
                _("{where}: no {division} area has the code {code!r} (the codes are: {codes}).").format(
                    where=table.where(row, table.code_column),
                    division=division.slug,
                    code=row.code,
                    codes=codes or _("none"),
                )
            )
        matched.append((candidates[0], row))

    seen = set()
    for area, row in matched:
        seen.add(area.pk)
        if area.pk not in current:
            summary.not_current.append(f"{area.code} {area.name}")
            continue
        change = PopulationChange(
            code=area.code,
            name=area.name,
            old_population=area.population,
            old_year=area.population_year,
            population=row.population,
            year=year,
            old_eligible=area.eligible_population,
            eligible=row.eligible,
        )
        summary.changes.append(change)
        if change.changed:
            # The residents of voting age are of the same year: a file without them leaves them unknown.
            area.population, area.population_year, area.eligible_population = row.population, year, row.eligible
            area.save(update_fields=["population", "population_year", "eligible_population", "modified_at"])
    summary.missing = [f"{area.code} {area.name}" for area in areas if area.pk in current and area.pk not in seen]

    if dry_run:
        transaction.set_rollback(True)
    return summary
