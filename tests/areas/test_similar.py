"""The shared duplicate check (areas.similar) measured on labelled near-duplicate pairs.

Each pair is (an open item's title, what a resident is about to write, whether it
is the same matter). The check says "similar" when the score reaches
SIMILARITY_MIN. The figures are printed (pytest -s) and held to a floor.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import FloatField
from django.db.models.functions import Greatest

from areas.similar import SIMILARITY_MIN, text_similarity
from feedback.models import Sector
from initiatives.models import Initiative, InitiativeCategory

DUPLICATES = [
    # Finnish: inflection, word order, compounds, typos
    ("Lisää penkkejä Vuosaaren rantaan", "Penkit Vuosaaren rannalle"),
    ("Kuntosalilaitteet Kallion puistoon", "Ulkokuntosali Kallion puistossa"),
    ("Pyöräkaista Hämeentielle", "Hämeentien pyöräkaistat"),
    ("Koirapuisto Herttoniemeen", "Herttoniemen koirapuisto"),
    ("Katuvalot Pihlajamäen polulle", "Katuvalo Pihlajamäen polun varteen"),
    ("Nuorisotalon aukioloajat sunnuntaisin", "Nuorisotalo auki myös sunnuntaina"),
    ("Uimaranta Kivinokkaan", "Uimarannan perustaminen Kivinokkaan"),
    ("Roskiksia lisää Kaivopuistoon", "Lisää roskiksia Kaivopuistoon"),
    ("Skeittiparkki Malmille", "Skeittipuisto Malmin alueelle"),
    ("Suojatie Mäkelänkadulle koulun kohdalle", "Suojatie Mäkelänkadun koulun kohdalle"),
    ("Leikkipuiston keinut korjattava", "Leikkipuistossa rikkinäiset keinut"),
    ("Kirjaston aukioloja pidemmiksi", "Pidemmät aukioloajat kirjastoon"),
    ("Graffitiseinä nuorille Itäkeskukseen", "Laillinen graffitiseinä Itäkeskukseen"),
    ("Lisää pysäköintipaikkoja Kalasatamaan", "Pysäköintipaikkoja lisää Kalasatamassa"),
    ("Kirjastoon pidemmät aukioloajat", "Kirjaston aukioloajat pidemmiksi"),
    # Swedish
    ("Fler bänkar i Brunnsparken", "Nya bänkar till Brunnsparken"),
    ("Cykelbana längs Tavastvägen", "Cykelbanor på Tavastvägen"),
    ("Hundpark i Hertonäs", "En hundpark till Hertonäs"),
    ("Gatubelysning på stigen i Rönnbacka", "Belysning för stigen i Rönnbacka"),
    ("Längre öppettider för biblioteket", "Bibliotekets öppettider borde bli längre"),
    ("Utegym vid stranden i Nordsjö", "Utegymmet vid Nordsjö strand"),
    ("Övergångsställe vid skolan på Mäkelägatan", "Ett övergångsställe vid Mäkelägatans skola"),
]

DIFFERENT = [
    ("Lisää penkkejä Vuosaaren rantaan", "Uimaranta Kivinokkaan"),
    ("Kuntosalilaitteet Kallion puistoon", "Pyöräkaista Hämeentielle"),
    ("Koirapuisto Herttoniemeen", "Kirjaston aukioloja pidemmiksi"),
    ("Katuvalot Pihlajamäen polulle", "Terveysaseman ajanvaraus chatissa"),
    ("Nuorisotalon aukioloajat sunnuntaisin", "Lumenaurausta Kontulan kaduille"),
    ("Skeittiparkki Malmille", "Koulujen pihat auki iltaisin"),
    ("Suojatie Mäkelänkadulle koulun kohdalle", "Asukasraati jokaiseen suurpiiriin"),
    ("Roskiksia lisää Kaivopuistoon", "Taideteos Kaivopuiston rantaan"),
    ("Leikkipuiston keinut korjattava", "Uusi uimahalli Malmille"),
    ("Graffitiseinä nuorille Itäkeskukseen", "Itäkeskuksen metroaseman hissit"),
    ("Lisää pysäköintipaikkoja Kalasatamaan", "Kalasataman koulun ruokala"),
    ("Fler bänkar i Brunnsparken", "Hundpark i Hertonäs"),
    ("Cykelbana längs Tavastvägen", "Längre öppettider för biblioteket"),
    ("Gatubelysning på stigen i Rönnbacka", "Utegym vid stranden i Nordsjö"),
    ("Längre öppettider för biblioteket", "Simhall i Malm"),
    ("Övergångsställe vid skolan på Mäkelägatan", "Skolmaten i Fiskehamnen"),
    ("Kirjaston aukioloja pidemmiksi", "Kirjaston lukusali on liian kylmä"),
    ("Koirapuisto Herttoniemeen", "Herttoniemen metroaseman pyöräparkki"),
]

PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.85


def _trigram_only(field: str, text: str):
    return Greatest(TrigramSimilarity(field, text), TrigramWordSimilarity(text, field), output_field=FloatField())


@pytest.fixture
def existing(db) -> dict[str, Initiative]:
    """Every pair's first title as an initiative, so that PostgreSQL scores the pairs."""
    author = get_user_model().objects.create_user(username="author", password="x")
    sector = Sector.objects.create(code="kymp", name="Urban environment")
    category = InitiativeCategory.objects.create(code="env", name="Environment", sector=sector)
    titles = {a for a, _b in DUPLICATES + DIFFERENT}
    return {t: Initiative.objects.create(author=author, title=t, text=".", category=category) for t in titles}


def _scores(existing, pairs, expression) -> list[float]:
    return [
        Initiative.objects.filter(pk=existing[a].pk).annotate(score=expression("title", b)).values_list("score", flat=True)[0]
        for a, b in pairs
    ]


def _figures(existing, expression) -> tuple[float, float]:
    positives = [s >= SIMILARITY_MIN for s in _scores(existing, DUPLICATES, expression)]
    negatives = [s >= SIMILARITY_MIN for s in _scores(existing, DIFFERENT, expression)]
    true_positive, false_positive = sum(positives), sum(negatives)
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / len(DUPLICATES)
    return precision, recall


def test_precision_and_recall_on_labelled_pairs(existing):
    precision, recall = _figures(existing, text_similarity)
    print(
        f"\nduplicate check on {len(DUPLICATES)} near-duplicate and {len(DIFFERENT)} different pairs "
        f"(threshold {SIMILARITY_MIN}): precision {precision:.2f}, recall {recall:.2f}"
    )
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


def test_trigrams_alone_are_reported_beside_it(existing):
    """The figures of pg_trgm alone (what budgeting used before), for comparison; it must not beat the shared check."""
    shared, trigrams = _figures(existing, text_similarity), _figures(existing, _trigram_only)
    print(f"\n(precision, recall): shared check {shared}, trigrams alone {trigrams}")
    assert shared >= trigrams


def test_scores_are_between_zero_and_one(existing):
    scores = _scores(existing, DUPLICATES[:3] + [("Koirapuisto Herttoniemeen", "")], text_similarity)
    assert all(0.0 <= s <= 1.0 for s in scores)

