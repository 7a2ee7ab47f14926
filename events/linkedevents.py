"""Reading events in the format of Helsinki's event API, Linked Events (v1).

A page is `{"meta": {"count", "next", "previous"}, "data": [event, ...]}`. An
event has `id` ("helsinki:agf7ntp2ey"), `name` and `description` {fi, sv, en},
`start_time` / `end_time` (ISO 8601; `end_time` may be null), `location`
either `{"@id": ".../place/tprek:8215/"}` or, with `include=location`, the
place itself with `position` {"type": "Point", "coordinates": [lon, lat]},
`keywords` a list of `{"@id": ".../keyword/yso:p1235/"}`, `event_status`
("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled")
and `info_url` {fi, sv, en}.

`read_events` turns them into AreaEvent field values for
events.services.events_import, or raises LinkedEventsError naming the event.
A place known only by its id is matched to the city space imported from the
service map (a `tprek:` place id is the service map's unit id); the place
`helsinki:internet` marks an online event.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from areas.geometry import GeometryError, is_within_helsinki, point_from_coordinates

from .models import AreaEvent

SOURCE = "linkedevents"
LANGUAGES = ("fi", "sv", "en")
ONLINE_PLACE = "helsinki:internet"
_PLACE_ID = re.compile(r"/place/([^/]+)/?$")
_KEYWORD_ID = re.compile(r"/keyword/([^/]+)/?$")
STATUSES = {
    "EventScheduled": AreaEvent.Status.SCHEDULED,
    "EventRescheduled": AreaEvent.Status.SCHEDULED,
    "EventPostponed": AreaEvent.Status.POSTPONED,
    "EventCancelled": AreaEvent.Status.CANCELLED,
}


class LinkedEventsError(ValueError):
    """A page or event that cannot be read; str() is for people."""


@dataclass
class ReadEvents:
    items: list[dict] = field(default_factory=list)
    # Notes on the events skipped (outside Helsinki), one line each.
    skipped: list[str] = field(default_factory=list)


def page_events(page) -> tuple[list, str | None]:
    """The events of one page and the address of the next page (None on the last)."""
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise LinkedEventsError(_('Expected a Linked Events page: {"meta": {...}, "data": [...]}.'))
    meta = page.get("meta") or {}
    next_url = meta.get("next") if isinstance(meta, dict) else None
    if next_url is not None and not isinstance(next_url, str):
        raise LinkedEventsError(_("meta.next must be an address or null."))
    return page["data"], next_url or None


def read_events(events: list, *, space_ids: dict[str, int], into: ReadEvents | None = None) -> ReadEvents:
    """AreaEvent field values of `events`; `space_ids` maps a service map unit id ("8215") to a space's pk."""
    result = into or ReadEvents()
    for n, event in enumerate(events, start=1):
        item = _event(event, n, space_ids, result.skipped)
        if item is not None:
            result.items.append(item)
    return result


def _translated(value, key: str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"fi": value.strip()}
    if isinstance(value, dict):
        return {lang: str(value[lang]).strip() for lang in LANGUAGES if value.get(lang)}
    raise LinkedEventsError(_("{where}: {key} must be text or {{fi, sv, en}}.").format(where=where, key=key))


def _time(value, key: str, where: str, *, required: bool) -> datetime | None:
    if value in (None, "") and not required:
        return None
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise LinkedEventsError(
            _("{where}: {key} must be a date and time with its offset, e.g. 2026-05-04T17:00:00Z, not {value!r}.").format(
                where=where, key=key, value=str(value)[:40]
            )
        )
    return parsed


def _place(location, where: str, space_ids: dict[str, int]) -> dict | None:
    """location / space / is_online values; None when the place lies outside Helsinki."""
    if location is None:
        return {"location": None, "space_id": None, "is_online": False}
    if not isinstance(location, dict):
        raise LinkedEventsError(_("{where}: location must be a place or a reference to one.").format(where=where))
    match = _PLACE_ID.search(str(location.get("@id") or ""))
    place_id = location.get("id") or (match.group(1) if match else "")
    if place_id == ONLINE_PLACE:
        return {"location": None, "space_id": None, "is_online": True}
    space_id = space_ids.get(place_id.removeprefix("tprek:")) if place_id.startswith("tprek:") else None
    position = location.get("position")
    if position is None:
        return {"location": None, "space_id": space_id, "is_online": False}
    try:
        if not isinstance(position, dict) or position.get("type") != "Point":
            raise ValueError
        lon, lat = (float(c) for c in position["coordinates"][:2])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError
        point = point_from_coordinates(lon, lat, 4326)
    except (ValueError, TypeError, KeyError, GeometryError):
        raise LinkedEventsError(
            _("{where}: the place's position must be a GeoJSON point in EPSG:4326.").format(where=where)
        ) from None
    if not is_within_helsinki(point):
        return None
    return {"location": point, "space_id": space_id, "is_online": False}


def _keywords(value, where: str) -> list[str]:
    if value in (None, []):
        return []
    if not isinstance(value, list) or not all(isinstance(k, dict) and isinstance(k.get("@id"), str) for k in value):
        raise LinkedEventsError(_("{where}: keywords must be a list of references.").format(where=where))
    ids = []
    for keyword in value:
        match = _KEYWORD_ID.search(keyword["@id"])
        ids.append(match.group(1) if match else keyword["@id"])
    return sorted(set(ids))


def _info_url(value, where: str) -> str:
    urls = _translated(value, "info_url", where)
    url = urls.get("fi") or next(iter(urls.values()), "")
    try:
        URLValidator(schemes=("http", "https"))(url)
    except ValidationError:
        return ""
    return url[:500]


def _event(event, n: int, space_ids: dict[str, int], skipped: list[str]) -> dict | None:
    if not isinstance(event, dict):
        raise LinkedEventsError(_("Event {n} is not a JSON object.").format(n=n))
    event_id = event.get("id")
    if not isinstance(event_id, str) or not event_id.strip():
        raise LinkedEventsError(_("Event {n} has no id.").format(n=n))
    where = _("Event {id}").format(id=event_id)
    names = _translated(event.get("name"), "name", where)
    if not names:
        raise LinkedEventsError(_("{where} has no name.").format(where=where))
    start = _time(event.get("start_time"), "start_time", where, required=True)
    end = _time(event.get("end_time"), "end_time", where, required=False)
    if end is not None and end < start:
        raise LinkedEventsError(_("{where} ends before it starts.").format(where=where))
    place = _place(event.get("location"), where, space_ids)
    if place is None:
        skipped.append(_("{where} ({name}) lies outside Helsinki: skipped.").format(where=where, name=next(iter(names.values()))))
        return None
    # Linked Events writes descriptions in HTML; the service shows plain text.
    descriptions = {
        lang: strip_tags(text).strip() for lang, text in _translated(event.get("description"), "description", where).items()
    }
    status = STATUSES.get(event.get("event_status") or "EventScheduled")
    if status is None:
        raise LinkedEventsError(_("{where}: unknown event_status {value!r}.").format(where=where, value=str(event.get("event_status"))[:40]))
    return {
        "source_id": event_id.strip()[:200],
        **{f"name_{lang}": names.get(lang, "") for lang in LANGUAGES},
        **{f"description_{lang}": descriptions.get(lang, "") for lang in LANGUAGES},
        "start_time": start,
        "end_time": end,
        **place,
        "keywords": _keywords(event.get("keywords"), where),
        "info_url": _info_url(event.get("info_url"), where),
        "status": status,
    }
