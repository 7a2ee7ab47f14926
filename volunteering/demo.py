"""Demo volunteering: fictional organisers (verified by nobody real) and their
opportunities inside the demo areas (ST_PointOnSurface, so they follow the
boundaries when they change). Matched by title and organiser: a re-run
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from areas.models import Area
from events.demo import NOTE, PointOnSurface

from .models import Opportunity, Organiser
from .services import opportunity_geometry_sync

ORGANISERS = (
    # name, kind, consent to publish the contact
    ("Esimerkkilän asukasyhdistys ry", Organiser.Kind.ASSOCIATION, True),
    ("Kuvitteellinen luontoseura ry", Organiser.Kind.ASSOCIATION, False),
    ("Nuorisopalvelut, esimerkkiyksikkö", Organiser.Kind.CITY_UNIT, True),
)
OPPORTUNITIES = (
    # title fi/sv/en, kind, time kind, schedule, languages, min age, max age, organiser index
    (("Puistotalkoot", "Parktalko", "Park clean-up"), Opportunity.Kind.ENVIRONMENT, Opportunity.TimeKind.RECURRING,
     ("joka kuun ensimmäinen lauantai", "första lördagen i månaden", "first Saturday of the month"), ["fi", "sv"], 13, None, 1),
    (("Läksykerho", "Läxhjälp", "Homework club"), Opportunity.Kind.CHILDREN_YOUTH, Opportunity.TimeKind.RECURRING,
     ("tiistaisin 15–17", "tisdagar 15–17", "Tuesdays 3–5 p.m."), ["fi", "en"], 18, None, 2),
    (("Asukastalon kahvila", "Invånarhusets kafé", "Resident house café"), Opportunity.Kind.NEIGHBOURHOOD,
     Opportunity.TimeKind.ONGOING, ("", "", ""), ["fi"], 15, None, 0),
)  # fmt: skip


@dataclass
class DemoSummary:
    created: int = 0
    unchanged: int = 0

    def as_text(self) -> str:
        return f"{self.created} created, {self.unchanged} unchanged"


@transaction.atomic
def demo_volunteering_load() -> DemoSummary:
    summary = DemoSummary()
    organisers = []
    for name, kind, consent in ORGANISERS:
        organiser, _created = Organiser.objects.get_or_create(
            name=name,
            is_demo=True,
            defaults={
                "kind": kind,
                "publish_contact": consent,
                "email": f"info@{kind.replace('_', '-')}.example",
                "verified_at": timezone.now(),
            },
        )
        organisers.append(organiser)
    areas = Area.objects.filter(division__slug="osa-alue").annotate(inside=PointOnSurface("geometry")).order_by("code", "pk")
    touched = []
    for n, area in enumerate(areas[: 2 * len(OPPORTUNITIES)]):
        titles, kind, time_kind, schedule, languages, min_age, max_age, who = OPPORTUNITIES[n % len(OPPORTUNITIES)]
        title_fi = f"{titles[0]}: {area.name_fi}"
        if Opportunity.objects.filter(title_fi=title_fi, organiser=organisers[who]).exists():
            summary.unchanged += 1
            continue
        opportunity = Opportunity.objects.create(
            organiser=organisers[who],
            title_fi=title_fi,
            title_sv=f"{titles[1]}: {area.name_sv or area.name_fi}",
            title_en=f"{titles[2]}: {area.name_fi}",
            description_fi=NOTE["fi"],
            description_sv=NOTE["sv"],
            description_en=NOTE["en"],
            kind=kind,
            time_kind=time_kind,
            schedule_fi=schedule[0],
            schedule_sv=schedule[1],
            schedule_en=schedule[2],
            languages=languages,
            min_age=min_age,
            max_age=max_age,
            location=area.inside,
            status=Opportunity.Status.PUBLISHED,
            is_demo=True,
        )
        touched.append(opportunity.pk)
        summary.created += 1
    opportunity_geometry_sync(opportunity_ids=touched)
    return summary
