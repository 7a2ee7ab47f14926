"""Writes to city spaces: imports, demo data, planners' edits.

Each ends with `space_geometry_sync`, which sets the located geometry (the
footprint, or the entrance point) and rewrites the spaces' area index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from areas.located import located_refresh

from .models import Space


class SpaceImportError(ValueError):
    """A space that cannot be stored; str() names it and says why."""


def space_geometry_sync(*, space_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in space_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE spaces_space SET geometry = COALESCE(footprint, point) WHERE id = ANY(%s)", [ids]
        )
    located_refresh(model=Space, ids=ids)


@transaction.atomic
def space_save(*, space: Space) -> Space:
    """Check and save one space (e.g. from the admin) and keep its area index."""
    space.full_clean()
    space.save()
    space_geometry_sync(space_ids=[space.pk])
    return space


@dataclass
class SpaceImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    kinds_kept: int = 0  # kinds set by hand that the file would have changed
    dry_run: bool = False

    def as_text(self) -> str:
        text = _(
            "{created} created, {updated} updated, {unchanged} unchanged, {removed} removed, {skipped} skipped"
        ).format(**self.__dict__)
        if self.kinds_kept:
            text += _("; {n} kinds set by hand kept").format(n=self.kinds_kept)
        if self.dry_run:
            text += _(" (dry run: nothing was saved)")
        return text


class _DryRunRollback(Exception):
    pass


def spaces_import(
    *,
    items: list[dict],
    source: str,
    is_demo: bool = False,
    replace_prefix: str | None = None,
    dry_run: bool = False,
) -> SpaceImportSummary:
    """Create or update spaces matched by `origin_id`, all or nothing; a re-run changes nothing.

    Each item maps Space field names to values and must have `origin_id`.
    With `replace_prefix`, spaces whose origin id starts with it and that
    `items` lacks are removed (a demo reload drops what the demo no longer has).
    A kind set by hand is kept. `dry_run` counts the same and saves nothing.
    """
    result: list[SpaceImportSummary] = []
    try:
        with transaction.atomic():
            result.append(_spaces_import(items=items, source=source, is_demo=is_demo, replace_prefix=replace_prefix))
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        result[0].dry_run = True
    return result[0]


def _spaces_import(*, items: list[dict], source: str, is_demo: bool, replace_prefix: str | None) -> SpaceImportSummary:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('spaces.import'))")
    summary = SpaceImportSummary()
    incoming = {item["origin_id"]: item for item in items}
    existing = {s.origin_id: s for s in Space.objects.filter(origin_id__in=list(incoming))}
    touched = []
    for origin_id, item in incoming.items():
        values = {**item, "is_demo": is_demo}
        space = existing.get(origin_id) or Space()
        is_new = space.pk is None
        changed = is_new
        if space.kind_set_by_hand:
            if "kind" in values and values["kind"] != space.kind:
                summary.kinds_kept += 1
            values.pop("kind", None)
        for key, value in values.items():
            current = getattr(space, key)
            same = (
                current is not None and value is not None and current.equals_exact(value, 0.01)
                if key in ("point", "footprint") and current is not None and value is not None
                else current == value
            )
            if not same:
                setattr(space, key, value)
                changed = True
        if not changed:
            summary.unchanged += 1
            continue
        space.source = source[:200]  # where the change came from; a new file name alone is no change
        try:
            space.full_clean(validate_unique=False)
        except ValidationError as exc:
            details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            raise SpaceImportError(_("Space {id}: {details}").format(id=origin_id, details=details)) from None
        space.save()
        touched.append(space.pk)
        if is_new:
            summary.created += 1
        else:
            summary.updated += 1
    if replace_prefix:
        stale = Space.objects.filter(origin_id__startswith=replace_prefix).exclude(origin_id__in=list(incoming))
        summary.removed = stale.delete()[1].get("spaces.Space", 0)
    space_geometry_sync(space_ids=touched)
    return summary
