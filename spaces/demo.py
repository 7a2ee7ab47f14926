"""Demo city spaces (fixtures/demo/spaces.json): real kinds of places in real
districts, placed near their osa-alue's centre with a seeded offset that keeps
them in the osa-alue and on its land. Every one is `is_demo` and says so in its
description; deterministic and idempotent."""

from __future__ import annotations

import json
import random
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from pyproj import Transformer

from areas.demo import demo_area_geometry
from areas.land import land_area

from .models import Space
from .services import SpaceImportSummary, spaces_import

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "spaces.json"
DIVISIONS_FILE = settings.BASE_DIR / "fixtures" / "demo" / "divisions.json"
DEMO_PREFIX = "demo:"
DEMO_SOURCE = "demo spaces (illustrative data)"
DEMO_NOTE = {
    "fi": "Esimerkkiaineistoa: sijainti, aukioloajat ja hinnat ovat havainnollistuksia.",
    "sv": "Exempeldata: läge, öppettider och priser är illustrationer.",
    "en": "Demo data: location, opening hours and prices are illustrations.",
}
BOOKING_URL = "https://varaamo.hel.fi/"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _hours(weekdays: tuple[str, str], saturday: tuple[str, str] | None = None, sunday=None) -> dict:
    hours = {day: [list(weekdays)] for day in WEEKDAYS}
    if saturday:
        hours["sat"] = [list(saturday)]
    if sunday:
        hours["sun"] = [list(sunday)]
    return hours


def demo_space_items(*, path: Path = DEMO_FILE) -> list[dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    divisions = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    osa_alueet = {o["name_fi"]: o for o in divisions["osa_alueet"]}
    to_projection = Transformer.from_crs(4326, settings.PROJECTION_SRID, always_xy=True)
    land = land_area()
    rng = random.Random(20251123)

    def point(district: str) -> Point:
        # The centre is on the osa-alue's land; an offset that would leave it is drawn again.
        x, y = to_projection.transform(*osa_alueet[district]["centre"])
        region = demo_area_geometry(osa_alueet[district], divisions["srid"])
        region = (region.intersection(land) if land else region).prepared
        for _attempt in range(20):
            candidate = Point(x + rng.uniform(-250, 250), y + rng.uniform(-250, 250), srid=settings.PROJECTION_SRID)
            if region.contains(candidate):
                return candidate
        return Point(x, y, srid=settings.PROJECTION_SRID)

    def item(key, kind, names, district, **values) -> dict:
        base = {
            "origin_id": f"{DEMO_PREFIX}{key}",
            "kind": kind,
            "point": point(district),
            "name_fi": names[0],
            "name_sv": names[1],
            "name_en": names[2],
            "description_fi": DEMO_NOTE["fi"],
            "description_sv": DEMO_NOTE["sv"],
            "description_en": DEMO_NOTE["en"],
            "wheelchair_accessible": rng.random() < 0.8,
        }
        base.update(values)
        return base

    items = []
    for n, (fi, sv, en, district) in enumerate(data["libraries"], start=1):
        self_service = n % 3 != 0
        items.append(
            item(
                f"library-{n}", Space.Kind.LIBRARY, (fi, sv, en), district,
                is_free=True,
                self_service=self_service,
                capacity=rng.choice([40, 60, 80, 120, 200]),
                opening_hours=_hours(("08:00", "20:00"), ("10:00", "16:00"), ("12:00", "16:00") if n % 2 else None),
                opening_hours_text_fi="Omatoimiaikana ma-su 7-22." if self_service else "",
                price_info_fi="Käyttö maksutonta; kokoustilat maksutta varattavissa.",
                booking_url=BOOKING_URL,
                phone="09 310 85000",
                www_fi="https://www.helmet.fi/",
            )
        )
    for n, (fi, sv, en, district, kind) in enumerate(data["multipurpose_houses"], start=1):
        items.append(
            item(
                f"house-{n}", kind, (fi, sv, en), district,
                is_free=False,
                price_info_fi=f"Tilavuokra alkaen {rng.choice([15, 20, 25, 30])} €/h, yhdistyksille alennus.",
                capacity=rng.choice([80, 150, 250, 400]),
                opening_hours=_hours(("09:00", "21:00"), ("10:00", "18:00")),
                booking_url=BOOKING_URL,
            )
        )
    for n, (district, genitive, sv, en) in enumerate(data["districts"], start=1):
        items.append(
            item(
                f"playground-{n}", Space.Kind.PLAYGROUND,
                (f"Leikkipuisto {district}", f"Lekparken {sv}", f"{en} Playground"), district,
                is_free=True,
                self_service=True,
                opening_hours=_hours(("09:00", "16:00")),
                opening_hours_text_fi="Ohjattu toiminta arkisin 9-16; piha avoinna aina.",
            )
        )
        if n <= 25:
            items.append(
                item(
                    f"youth-{n}", Space.Kind.YOUTH_CENTRE,
                    (f"{genitive} nuorisotalo", f"{sv} ungdomsgård", f"{en} Youth Centre"), district,
                    is_free=True,
                    capacity=rng.choice([30, 50, 80]),
                    opening_hours={day: [["14:00", "20:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
                    price_info_fi="Nuorille maksuton; ryhmät voivat varata tiloja iltaisin.",
                    booking_url=BOOKING_URL,
                )
            )
        if n % 3 == 1:
            items.append(
                item(
                    f"school-{n}", Space.Kind.SCHOOL,
                    (f"{genitive} ala-asteen koulu", f"{sv} lågstadieskola", f"{en} Primary School"), district,
                    is_free=False,
                    price_info_fi=f"Iltakäyttö: liikuntasali {rng.choice([10, 14, 18])} €/h, luokat {rng.choice([8, 10])} €/h.",
                    capacity=rng.choice([60, 120, 300]),
                    opening_hours={day: [["17:00", "22:00"]] for day in WEEKDAYS} | {"sat": [["09:00", "21:00"]]},
                    booking_url=BOOKING_URL,
                )
            )
    return items


def demo_spaces_load() -> SpaceImportSummary:
    """Create or refresh the demo spaces; spaces from real imports are left alone. Safe to run twice."""
    return spaces_import(items=demo_space_items(), source=DEMO_SOURCE, is_demo=True, replace_prefix=DEMO_PREFIX)
