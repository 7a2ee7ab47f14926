"""Demo feedback: the city's sectors, a few services and rules, and seeded requests.

The sectors are the city's five; the services imitate Helsinki's feedback
categories (codes and texts written here); the rules, requests and their texts
are illustrations. Requests are flagged `is_demo` and replaced on every run;
sectors, services and rules are matched by code and updated in place.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection, transaction

from areas.land import land_area
from areas.match_terms import match_terms
from areas.models import Area, DivisionType

from .models import FeedbackRequest, RoutingRule, Sector, Service
from .routing import feedback_route

SECTORS = [
    ("kanslia", "Kaupunginkanslia", "Stadskansliet", "City Executive Office"),
    ("kasko", "Kasvatuksen ja koulutuksen toimiala", "Fostrans- och utbildningssektorn", "Education Division"),
    ("kymp", "Kaupunkiympäristön toimiala", "Stadsmiljösektorn", "Urban Environment Division"),
    ("kuva", "Kulttuurin ja vapaa-ajan toimiala", "Kultur- och fritidssektorn", "Culture and Leisure Division"),
    ("sote", "Sosiaali-, terveys- ja pelastustoimiala", "Social-, hälsovårds- och räddningssektorn", "Social Services, Health Care and Rescue Services Division"),
]  # fmt: skip

# (code, fi, sv, en, group_en, default sector)
SERVICES = [
    ("171", "Kuoppa kadulla", "Grop i gatan", "Pothole", "Streets", "kymp"),
    ("172", "Ilkivalta", "Skadegörelse", "Vandalism", "Streets and parks", "kymp"),
    ("176", "Töhryjen poisto", "Klotterborttagning", "Graffiti removal", "Streets and parks", "kymp"),
    ("180", "Puistot ja viheralueet", "Parker och grönområden", "Parks and green areas", "Streets and parks", "kymp"),
    ("246", "Roskat ja roskikset", "Skräp och papperskorgar", "Litter and bins", "Cleanliness", "kymp"),
    ("310", "Nuorisotalot", "Ungdomsgårdar", "Youth centres", "Services", "kuva"),
    ("320", "Kirjastot", "Bibliotek", "Libraries", "Services", "kuva"),
    ("410", "Koulujen pihat", "Skolgårdar", "School yards", "Services", "kasko"),
]

# (service code or None, suurpiiri code or None, sector): illustrations of rules.
RULES = [
    ("172", "7", "kuva", "Vandalism in Itäinen's sports parks is handled by sports services."),
    ("176", "3", "kymp", "Graffiti in Keskinen: the street maintenance contract."),
    (None, "8", "kymp", "Östersundom: everything to the urban environment division."),
]

TEXTS = {
    "171": ["Syvä kuoppa ajoradalla suojatien kohdalla.", "Djup grop i körbanan vid övergångsstället."],
    "172": ["Puiston penkki on rikottu.", "Parkbänken har förstörts."],
    "176": ["Töhryjä koulun seinässä.", "Klotter på skolans vägg."],
    "180": ["Puiston nurmikko on leikkaamatta.", "Gräsmattan i parken är oklippt."],
    "246": ["Roskis on täynnä ja roskia ympärillä.", "Papperskorgen är full och skräp runt omkring."],
    "310": ["Nuorisotalon aukioloajat lyhyet.", "Ungdomsgårdens öppettider är korta."],
    "320": ["Kirjaston lukusali on liian kylmä.", "Bibliotekets läsesal är för kall."],
    "410": ["Koulun pihan keinu on rikki.", "Gungan på skolgården är trasig."],
}

DEMO_REQUESTS = 400
SEED = 311


@transaction.atomic
def demo_feedback_load(*, count: int = DEMO_REQUESTS) -> dict[str, int]:
    """Sectors, services, rules, and `count` demo requests routed in one pass."""
    sectors = {}
    for code, fi, sv, en in SECTORS:
        sectors[code], _created = Sector.objects.update_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
        )
    services = {}
    for code, fi, sv, en, group, sector in SERVICES:
        services[code], _created = Service.objects.update_or_create(
            service_code=code,
            defaults={
                "service_name_fi": fi, "service_name_sv": sv, "service_name_en": en,
                "group_en": group, "default_sector": sectors[sector], "is_active": True,
            },
        )  # fmt: skip
    suurpiirit = {a.code: a for a in Area.objects.filter(division__slug="suurpiiri")}
    for service_code, area_code, sector, note in RULES:
        area = suurpiirit.get(area_code) if area_code else None
        if area_code and area is None:
            continue
        RoutingRule.objects.update_or_create(
            service=services.get(service_code), area=area, defaults={"sector": sectors[sector], "note": note}
        )
    FeedbackRequest.objects.filter(is_demo=True).delete()
    ids = _demo_requests(services=list(services.values()), count=count)
    routed = feedback_route(ids=ids)
    return {"sectors": len(sectors), "services": len(services), "requests": routed}


def _demo_requests(*, services: list[Service], count: int) -> list[int]:
    """`count` requests at seeded random points in Helsinki's land area (areas.land, ST_GeneratePoints in PostGIS)."""
    rng = random.Random(SEED)
    division = DivisionType.objects.filter(slug="suurpiiri").first()
    if division is None or not Area.objects.filter(division=division).exists():
        return []
    land = land_area()
    # On the city's land only: the service refuses land-only feedback on water.
    region, params = ("ST_Intersection(ST_Union(geometry), ST_GeomFromEWKT(%s))", [land.ewkt]) if land else ("ST_Union(geometry)", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_X(d.geom), ST_Y(d.geom) FROM (SELECT (ST_Dump(ST_GeneratePoints({region}, %s, %s))).geom "
            "FROM areas_area WHERE division_id = %s) d",
            [*params, count, SEED, division.pk],
        )
        points = cursor.fetchall()
    rows = []
    terms: dict[str, list[str]] = {}  # bulk_create sends no pre_save: the duplicate check's terms set here
    states = [FeedbackRequest.Status.OPEN] * 5 + [FeedbackRequest.Status.IN_PROGRESS] * 2 + [FeedbackRequest.Status.CLOSED] * 3
    for x, y in points:
        service = rng.choice(services)
        status = rng.choice(states)
        texts = TEXTS.get(service.service_code, ["Palaute."])
        point = Point(x, y, srid=settings.PROJECTION_SRID)
        description = rng.choice(texts)
        if description not in terms:
            terms[description] = match_terms(description)
        rows.append(
            FeedbackRequest(
                service=service,
                description=description,
                match_terms=terms[description],
                geometry=point,
                status=status,
                status_notes="Kiitos palautteesta, asia on korjattu." if status == FeedbackRequest.Status.CLOSED else "",
                is_demo=True,
            )
        )
    return [r.pk for r in FeedbackRequest.objects.bulk_create(rows, batch_size=2000)]
