"""Demo pending cases: a few hundred Ahjo-shaped cases with plausible titles.

They are written as Ahjo's API would return them and go through the real
importer (parse, store, geolocate), so the demo shows what an import does:
titles with a street address or a street from the demo address register and
titles with a district name are placed on the map; general titles ("Talousarvio...")
stay unlocated. Ids are HEL <year>-9xxxxx, far above Ahjo's real numbers,
and every case is `is_demo`. Deterministic (seeded) and idempotent.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from areas.demo import DEMO_ADDRESSES_FILE, DEMO_FILE, demo_addresses_load

from .ahjo import parse_ahjo_document
from .models import Case
from .services import CaseImportSummary, ahjo_cases_import

DEMO_COUNT = 320
DEMO_SOURCE = "demo cases (illustrative data)"

KYMP = ("Kaupunkiympäristön toimiala", "")
KASKO = ("Kasvatuksen ja koulutuksen toimiala", "")
KUVA = ("Kulttuurin ja vapaa-ajan toimiala", "")
SOTEPE = ("Sosiaali-, terveys- ja pelastustoimiala", "")
KESKUS = ("Keskushallinto", "U50")

ZONING = ("10 03 03", "Asemakaavoitus")
PERMIT = ("10 06 01", "Rakennusvalvonta")
STREET = ("10 04 01", "Katu- ja liikennesuunnittelu")
PARK = ("10 04 02", "Puisto- ja viheraluesuunnittelu")
LEASE = ("10 01 01 02", "Lyhyt- ja pitkäaikaiset tonttivuokraukset")
INITIATIVE = ("00 00 03", "Valtuuston aloitetoiminta")
STATEMENT = ("00 01 01", "Lausunnot")
SCHOOLS = ("12 00 00", "Opetustoimi")
CULTURE = ("13 00 00", "Kulttuuri- ja vapaa-aikatoimi")

# (template, classification, sector); {street} {number} {area} {n} are filled in.
ADDRESS_TITLES = [
    ("Asemakaavan muutos nro {n}, {street} {number}", ZONING, KYMP),
    ("Rakennuslupahakemus, {street} {number}", PERMIT, KYMP),
    ("Poikkeamispäätös, {street} {number}", PERMIT, KYMP),
    ("Tontin vuokraaminen, {street} {number}", LEASE, KYMP),
    ("Lausunto purkamislupahakemuksesta, {street} {number}", PERMIT, KYMP),
    ("Päiväkodin tilojen peruskorjaus, {street} {number}", SCHOOLS, KASKO),
]
ADDRESS_TITLES_SV = [
    ("Detaljplaneändring nr {n}, {street_sv} {number}", ZONING, KYMP),
    ("Bygglovsansökan, {street_sv} {number}", PERMIT, KYMP),
]
STREET_TITLES = [
    ("Katusuunnitelma, {street}", STREET, KYMP),
    ("Liikennejärjestelyjen muutos, {street}", STREET, KYMP),
    ("Pyöräliikenteen parantaminen, {street}", STREET, KYMP),
    ("Valtuustoaloite suojatien rakentamisesta, {street}", INITIATIVE, KESKUS),
]
AREA_TITLES = [
    ("Asemakaavan muutos nro {n}, {area}", ZONING, KYMP),
    ("Leikkipuiston peruskorjaus, {area}", PARK, KYMP),
    ("Puistosuunnitelma, {area}", PARK, KYMP),
    ("Koulun laajennus ja peruskorjaus, {area}", SCHOOLS, KASKO),
    ("Nuorisotilan toiminnan kehittäminen, {area}", CULTURE, KUVA),
    ("Aluerakentamisprojekti, {area}", ZONING, KYMP),
    ("Valtuustoaloite lähiliikuntapaikasta, {area}", INITIATIVE, KESKUS),
    ("Terveysaseman palveluverkko, {area}", STATEMENT, SOTEPE),
]
AREA_TITLES_SV = [
    ("Parkplan, {area_sv}", PARK, KYMP),
    ("Detaljplaneändring nr {n}, {area_sv}", ZONING, KYMP),
]
GENERAL_TITLES = [
    ("Talousarvioehdotus ja taloussuunnitelma", STATEMENT, KESKUS),
    ("Valtuustoaloite koulujen kesäruokailusta", INITIATIVE, KESKUS),
    ("Lausuntopyyntö, hallituksen esitys kuntalain muuttamisesta", STATEMENT, KESKUS),
    ("Henkilöstöpoliittinen ohjelma", STATEMENT, KESKUS),
    ("Tietojärjestelmän hankinta, sosiaalipalvelut", STATEMENT, SOTEPE),
    ("Valtuustoaloite maksuttomista kulttuuripalveluista nuorille", INITIATIVE, KUVA),
    ("Avustusten jakaminen yhdistyksille", CULTURE, KUVA),
    ("Varhaiskasvatuksen asiakasmaksut", SCHOOLS, KASKO),
    ("Lausunto ympäristövaikutusten arviointiohjelmasta, Lentorata", STATEMENT, KYMP),
    ("Kaupunkistrategian toteutumisen seuranta", STATEMENT, KESKUS),
]
STATUSES = ["Vireillä"] * 16 + ["Ratkaistu"] * 3 + ["Arkistoitu"]


def demo_ahjo_cases(count: int = DEMO_COUNT) -> list[dict]:
    """The demo cases as Ahjo API JSON objects."""
    rng = random.Random(20251123)
    streets = json.loads(DEMO_ADDRESSES_FILE.read_text(encoding="utf-8"))["streets"]
    divisions = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    areas = [(a["name_fi"], a["name_sv"]) for a in divisions["osa_alueet"] + divisions["peruspiirit"]]
    areas = [a for a in areas if a[0] not in settings.GEOLOCATE_IGNORED_NAMES]
    cases = []
    for i in range(1, count + 1):
        street = rng.choice(streets)
        number = rng.randint(street["anchors"][0][0], street["anchors"][-1][0])
        area_fi, area_sv = rng.choice(areas)
        roll = rng.random()
        language = "fi"
        if roll < 0.32:
            template, classification, sector = rng.choice(ADDRESS_TITLES)
        elif roll < 0.38 and street.get("sv"):
            template, classification, sector = rng.choice(ADDRESS_TITLES_SV)
            language = "sv"
        elif roll < 0.52:
            template, classification, sector = rng.choice(STREET_TITLES)
        elif roll < 0.78:
            template, classification, sector = rng.choice(AREA_TITLES)
        elif roll < 0.84:
            template, classification, sector = rng.choice(AREA_TITLES_SV)
            language = "sv"
        else:
            template, classification, sector = rng.choice(GENERAL_TITLES)
        title = template.format(
            n=rng.randint(12600, 13300),
            street=street["fi"],
            street_sv=street.get("sv") or street["fi"],
            number=number,
            area=area_fi,
            area_sv=area_sv or area_fi,
        )
        year = rng.choice([2023, 2024, 2024, 2025, 2025, 2025])
        created = datetime(year, 1, 1, 9, 0) + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 480))
        handled = created + timedelta(days=rng.randint(5, 200))
        case_id = f"HEL {year}-{900000 + i:06d}"
        cases.append(
            {
                "CaseID": case_id.replace(" ", "-"),
                "CaseIDLabel": case_id,
                "Title": title,
                "Created": created.isoformat(timespec="milliseconds"),
                "Acquired": created.date().isoformat() + "T00:00:00.000",
                "ClassificationCode": classification[0],
                "ClassificationTitle": classification[1],
                "Status": rng.choice(STATUSES),
                "Language": language,
                "PublicityClass": "Julkinen",
                "SecurityReasons": [],
                "Handlings": [
                    {
                        "WorkSequenceNumber": 1,
                        "Sector": sector[0],
                        "SectorID": sector[1] or None,
                        "Status": "Valmistelussa",
                        "Created": handled.isoformat(timespec="milliseconds"),
                    }
                ],
                "Records": [],
            }
        )
    return cases


@transaction.atomic
def demo_cases_load() -> CaseImportSummary:
    """Load the demo address register and the demo cases; real cases are left alone. Safe to run twice."""
    demo_addresses_load()
    cases = parse_ahjo_document({"cases": demo_ahjo_cases()}, name="demo")
    real = set(Case.objects.filter(is_demo=False).values_list("case_id", flat=True))
    cases = [c for c in cases if c.case_id not in real]
    summary = ahjo_cases_import(cases=cases, source=DEMO_SOURCE, is_demo=True)
    stale = Case.objects.filter(is_demo=True).exclude(case_id__in=[c.case_id for c in cases])
    summary.removed += stale.delete()[1].get("cases.Case", 0)
    return summary
