"""Demo area events: fictional forums, district meetings and open days in the
demo areas, by fictional organisers. Points are taken inside whatever areas
exist (ST_PointOnSurface), so the events follow the boundaries when they
change. Times count from today (Helsinki), so there is always something
coming up; a re-run on the same day changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.gis.db.models import Func, PointField
from django.utils import timezone

from areas.models import Area
from spaces.models import Space

from .models import AreaEvent
from .services import EventImportSummary, events_import

DEMO_SOURCE = "demo"
NOTE = {
    "fi": "Esimerkkiaineistoa: tapahtuma, järjestäjä ja aika ovat keksittyjä.",
    "sv": "Exempeldata: evenemanget, arrangören och tiden är påhittade.",
    "en": "Demo data: the event, its organiser and its time are made up.",
}
ORGANISERS = ("Esimerkkilän asukasyhdistys ry", "Kuvitteellinen kaupunginosaseura ry", "Stadin esimerkkinuoret ry")
AREAS_PER_DIVISION = 6


class PointOnSurface(Func):
    function = "ST_PointOnSurface"
    output_field = PointField(srid=settings.PROJECTION_SRID)


def _at(day: int, hour: int) -> datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    return datetime.combine(today + timedelta(days=day), time(hour), tzinfo=zone)


def _texts(name: dict[str, str]) -> dict:
    return {
        **{f"name_{lang}": text for lang, text in name.items()},
        **{f"description_{lang}": NOTE[lang] for lang in NOTE},
    }


def demo_event_items() -> list[dict]:
    items = []
    districts = (
        Area.objects.filter(division__slug="peruspiiri")
        .annotate(inside=PointOnSurface("geometry"))
        .order_by("code", "pk")[:AREAS_PER_DIVISION]
    )
    for n, area in enumerate(districts):
        base = {"organiser_name": ORGANISERS[n % len(ORGANISERS)], "status": AreaEvent.Status.SCHEDULED}
        items.append(
            {
                **base,
                **_texts({"fi": f"Asukasilta: {area.name_fi}", "sv": f"Invånarkväll: {area.name_sv or area.name_fi}", "en": f"Residents' evening: {area.name_fi}"}),
                "source_id": f"forum:{area.division.slug}:{area.code}",
                "start_time": _at(3 + n, 18),
                "end_time": _at(3 + n, 20),
                "location": area.inside,
                "space_id": None,
                "area_id": None,
                "is_online": False,
                "keywords": ["yso:p8270"],
            }
        )
        space = Space.objects.in_areas([area]).order_by("name", "pk").first()
        if space is not None:
            items.append(
                {
                    **base,
                    **_texts({"fi": f"Avoimet ovet: {space.name_fi}", "sv": f"Öppet hus: {space.name_sv or space.name_fi}", "en": f"Open day: {space.name_en or space.name_fi}"}),
                    "source_id": f"open-day:{area.division.slug}:{area.code}",
                    # Two days: a multi-day event.
                    "start_time": _at(10 + n, 10),
                    "end_time": _at(11 + n, 16),
                    "location": None,
                    "space_id": space.pk,
                    "area_id": None,
                    "is_online": False,
                    "keywords": ["yso:p2787"],
                }
            )
    for n, area in enumerate(Area.objects.filter(division__slug="suurpiiri").order_by("code", "pk")[:AREAS_PER_DIVISION]):
        items.append(
            {
                **_texts({"fi": f"Suurpiirin asukasfoorumi verkossa: {area.name_fi}", "sv": f"Stordistriktets invånarforum på nätet: {area.name_sv or area.name_fi}", "en": f"District residents' forum online: {area.name_fi}"}),
                "source_id": f"district-meeting:{area.division.slug}:{area.code}",
                "organiser_name": "Helsingin kaupunki, esimerkki",
                "status": AreaEvent.Status.SCHEDULED,
                "start_time": _at(7 + n, 17),
                "end_time": _at(7 + n, 19),
                "location": None,
                "space_id": None,
                "area_id": area.pk,
                "is_online": True,
                "keywords": ["yso:p8270"],
            }
        )
    return items


def demo_events_load() -> EventImportSummary:
    return events_import(items=demo_event_items(), source=DEMO_SOURCE, is_demo=True)
