"""Demo initiatives: categories (matched by code) and seeded initiatives by
fictional residents (users `demo-aloite-N`, unusable passwords), replaced on
every run. Titles and places are illustrations."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from feedback.models import Sector

from . import services
from .models import Initiative, InitiativeCategory, InitiativeSupport

CATEGORIES = [
    ("environment", "Ympäristö ja puistot", "Miljö och parker", "Environment and parks", "kymp"),
    ("traffic", "Liikenne", "Trafik", "Traffic", "kymp"),
    ("culture", "Kulttuuri ja vapaa-aika", "Kultur och fritid", "Culture and leisure", "kuva"),
    ("education", "Kasvatus ja koulutus", "Fostran och utbildning", "Education", "kasko"),
    ("health", "Sosiaali- ja terveyspalvelut", "Social- och hälsovård", "Social and health services", "sote"),
    ("governance", "Hallinto ja osallisuus", "Förvaltning och delaktighet", "Governance and participation", "kanslia"),
]

# (title, category, lon, lat or None, youth)
INITIATIVES = [
    ("Kuntosalilaitteet Kallion kirjaston puistoon", "environment", 24.9497, 60.1841, False),
    ("Pyöräkaista Hämeentielle molempiin suuntiin", "traffic", 24.9530, 60.1880, False),
    ("Nuorisotalon aukioloajat myös sunnuntaisin", "culture", 25.0823, 60.2100, True),
    ("Skeittiparkki Malmin lentokentälle", "culture", 25.0430, 60.2520, True),
    ("Lisää penkkejä Vuosaaren rantaan", "environment", 25.1440, 60.2090, False),
    ("Koulujen pihat iltaisin auki kaikille", "education", None, None, False),
    ("Fler bänkar i Brunnsparken", "environment", 24.9520, 60.1580, False),
    ("Asukasraati jokaiseen suurpiiriin", "governance", None, None, False),
    ("Katuvalot Pihlajamäen polulle", "traffic", 25.0150, 60.2380, False),
    ("Terveysaseman ajanvaraus myös chatissa", "health", None, None, False),
]

DEMO_USERS = 40


@transaction.atomic
def demo_initiatives_load() -> dict[str, int]:
    rng = random.Random(17)
    sectors = {s.code: s for s in Sector.objects.all()}
    categories = {}
    for code, fi, sv, en, sector in CATEGORIES:
        if sector not in sectors:
            raise RuntimeError("sectors are missing: run load_demo_feedback first")
        categories[code], _ = InitiativeCategory.objects.update_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "sector": sectors[sector]}
        )
    User = get_user_model()
    users = []
    for n in range(1, DEMO_USERS + 1):
        user, created = User.objects.get_or_create(username=f"demo-aloite-{n}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    Initiative.objects.filter(author__username__startswith="demo-aloite-").delete()
    made = 0
    for index, (title, category, lon, lat, youth) in enumerate(INITIATIVES):
        author = users[index]
        initiative = services.initiative_create(
            author=author,
            title=title,
            text=f"{title}. Ehdotan tätä, koska se parantaisi alueen asukkaiden arkea.",
            category=categories[category],
            point=Point(lon, lat, srid=4326) if lon is not None else None,
            youth=youth,
        )
        initiative.submitted_at = timezone.now() - timedelta(days=rng.randint(5, 150))
        initiative.save(update_fields=["submitted_at"])
        supporters = rng.sample(users[len(INITIATIVES):], rng.randint(0, 12))
        InitiativeSupport.objects.bulk_create([InitiativeSupport(initiative=initiative, user=u) for u in supporters])
        if index % 3 == 0:
            initiative.state = Initiative.State.ANSWERED
            initiative.answer = "Kiitos aloitteesta. Asia on otettu huomioon alueen suunnittelussa."
            initiative.actions = "Selvitetty ja lisätty ensi vuoden työohjelmaan."
            initiative.answered_at = initiative.submitted_at + timedelta(days=30)
            initiative.save(update_fields=["state", "answer", "actions", "answered_at"])
        made += 1
    return {"categories": len(categories), "initiatives": made}
