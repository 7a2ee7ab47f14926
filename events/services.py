"""Writes to area events: the Linked Events import, demo data, the admin.

Each ends with `event_geometry_sync`, which sets the located geometry (the
event's location, else its space's entrance point) and rewrites the events'
area index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.located import located_refresh

from .models import AreaEvent


class EventImportError(ValueError):
    """An event that cannot be stored; str() names it and says why."""


def event_geometry_sync(*, event_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in event_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE events_areaevent AS event SET geometry = COALESCE(event.location, "
            "(SELECT space.point FROM spaces_space AS space WHERE space.id = event.space_id)) "
            "WHERE event.id = ANY(%s)",
            [ids],
        )
    located_refresh(model=AreaEvent, ids=ids)


@transaction.atomic
def event_save(*, event: AreaEvent) -> AreaEvent:
    """Check and save one event (from the admin or a luotsi) and keep its area index."""
    event.full_clean()
    event.save()
    event_geometry_sync(event_ids=[event.pk])
    return event


@dataclass
class EventImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_text(self) -> str:
        return _("{created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
            **self.__dict__
        )


def _same(current, value) -> bool:
    if isinstance(current, GEOSGeometry) and isinstance(value, GEOSGeometry):
        return current.equals_exact(value, 0.01)
    return current == value


@transaction.atomic
def events_import(*, items: list[dict], source: str, is_demo: bool = False) -> EventImportSummary:
    """Create or update events matched by (`source`, `source_id`), all or nothing; a re-run changes nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('events.import'))")
    summary = EventImportSummary()
    incoming = {item["source_id"]: item for item in items}
    existing = {e.source_id: e for e in AreaEvent.objects.filter(source=source, source_id__in=list(incoming))}
    touched = []
    for source_id, item in incoming.items():
        event = existing.get(source_id) or AreaEvent(source=source)
        is_new = event.pk is None
        changed = is_new
        for key, value in {**item, "is_demo": is_demo}.items():
            if not _same(getattr(event, key), value):
                setattr(event, key, value)
                changed = True
        if not changed:
            summary.unchanged += 1
            continue
        try:
            event.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
            raise EventImportError(_("Event {id}: {details}").format(id=source_id, details=details)) from None
        event.save()
        touched.append(event.pk)
        summary.created += is_new
        summary.updated += not is_new
    event_geometry_sync(event_ids=touched)
    return summary


MSG_NOT_YOUR_AREA = gettext_lazy("Choose one of the areas you serve.")
MSG_SPACE_NOT_IN_AREA = gettext_lazy("This space does not lie in the area you chose.")
LUOTSI_SOURCE = "luotsi"


@transaction.atomic
def luotsi_event_publish(*, luotsi, by, area, space=None, **values) -> AreaEvent:
    """A luotsi publishes their own event for one of the areas they serve (held in a space there, or area-wide).

    Raises ValidationError (by field) when the area is not theirs or the space lies outside it."""
    if not luotsi.areas.filter(pk=area.pk).exists():
        raise ValidationError({"area": str(MSG_NOT_YOUR_AREA)}, code="not_your_area")
    if space is not None and not type(space).objects.in_areas([area]).filter(pk=space.pk).exists():
        raise ValidationError({"space": str(MSG_SPACE_NOT_IN_AREA)}, code="space_elsewhere")
    event = AreaEvent(
        **values,
        area=area,
        space=space,
        organiser_name=luotsi.name,
        published_by=by,
        source=LUOTSI_SOURCE,
        status=AreaEvent.Status.SCHEDULED,
    )
    return event_save(event=event)
