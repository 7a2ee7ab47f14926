"""The duplicate check's labelled pairs: (an item already filed, what a resident writes,
same matter or not, metres between the two places).

Kinds: paraphrases, Finnish inflections and compounds, fi–sv translations, the
same place in other words, the same words at another place, and different
matters. Each kind alternates between the tuning part (the threshold is chosen
on it) and the held-back part (never used to choose anything; its figures are
the ones reported). `DISTANCE_FAR` lies outside the check's radius.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTANCE_NEAR = 60
DISTANCE_FAR = 3000


@dataclass(frozen=True)
class Pair:
    existing: str
    written: str
    same: bool
    kind: str
    distance_m: float = DISTANCE_NEAR
    held_back: bool = False


# Areas the pairs name, Finnish and Swedish (created for the measurement when missing).
PLACES = [
    ("Vuosaari", "Nordsjö"), ("Kallio", "Berghäll"), ("Herttoniemi", "Hertonäs"), ("Lauttasaari", "Drumsö"),
    ("Malmi", "Malm"), ("Kalasatama", "Fiskehamnen"), ("Pihlajamäki", "Rönnbacka"), ("Kaivopuisto", "Brunnsparken"),
    ("Kruununhaka", "Kronohagen"), ("Kontula", "Gårdsbacka"), ("Munkkiniemi", "Munksnäs"), ("Töölö", "Tölö"),
    ("Hakaniemi", "Hagnäs"), ("Kumpula", "Gumtäkt"), ("Pasila", "Böle"), ("Käpylä", "Kottby"),
    ("Vallila", "Vallgård"), ("Kamppi", "Kampen"), ("Ruoholahti", "Gräsviken"), ("Jätkäsaari", "Busholmen"),
    ("Oulunkylä", "Åggelby"), ("Myllypuro", "Kvarnbäcken"), ("Laajasalo", "Degerö"), ("Viikki", "Vik"),
]  # fmt: skip

_KINDS: dict[str, tuple[bool, list[tuple[str, str]] | list[tuple[str, str, float]]]] = {
    "paraphrase": (True, [
        ("Nuorisotalon aukioloajat sunnuntaisin", "Nuorisotalo auki myös sunnuntaina"),
        ("Kirjaston aukioloja pidemmiksi", "Pidemmät aukioloajat kirjastoon"),
        ("Roskiksia lisää Kaivopuistoon", "Lisää roskiksia Kaivopuistoon"),
        ("Graffitiseinä nuorille Myllypuroon", "Laillinen graffitiseinä Myllypuroon"),
        ("Katuvalot Pihlajamäen polulle", "Katuvalo Pihlajamäen polun varteen"),
        ("Uimaranta Laajasaloon", "Uimarannan perustaminen Laajasaloon"),
        ("Längre öppettider för biblioteket", "Bibliotekets öppettider borde bli längre"),
        ("Fler bänkar i Brunnsparken", "Nya bänkar till Brunnsparken"),
        ("Suojatie Mäkelänkadulle koulun kohdalle", "Suojatie Mäkelänkadun koulun kohdalle"),
        ("Lumet aurattava Kontulan kävelyteiltä", "Kontulan kävelytiet auraamatta"),
    ]),
    "inflection": (True, [
        ("Lisää penkkejä Vuosaaren rantaan", "Penkit Vuosaaren rannalle"),
        ("Pyöräkaista Hämeentielle", "Hämeentien pyöräkaistat"),
        ("Koirapuisto Herttoniemeen", "Herttoniemen koirapuisto"),
        ("Lisää pysäköintipaikkoja Kalasatamaan", "Pysäköintipaikkoja lisää Kalasatamassa"),
        ("Kuntosalilaitteet Kallion puistoon", "Ulkokuntosali Kallion puistossa"),
        ("Leikkipuiston keinut korjattava", "Leikkipuistossa rikkinäiset keinut"),
        ("Cykelbana längs Tavastvägen", "Cykelbanor på Tavastvägen"),
        ("Hundpark i Hertonäs", "En hundpark till Hertonäs"),
        ("Kirjastoon pidemmät aukioloajat", "Kirjaston aukioloajat pidemmiksi"),
        ("Puistonpenkit Töölönlahdelle", "Penkkejä Töölönlahden puistoon"),
    ]),
    "compound": (True, [
        ("Leikkipuisto Kumpulaan", "Kumpulaan uusi puisto lapsille leikkiä varten"),
        ("Skeittiparkki Malmille", "Skeittipuisto Malmin alueelle"),
        ("Koirapuiston aita rikki Käpylässä", "Käpylän koirien puisto: aita rikki"),
        ("Pyöräparkki Pasilan asemalle", "Pasilan aseman pyörien parkki täynnä"),
        ("Uimahallin aukiolo Itäkeskuksessa", "Itäkeskuksen uimahalli auki pidempään"),
        ("Jalkapallokenttä Oulunkylään", "Oulunkylään kenttä jalkapallolle"),
    ]),
    "translation": (True, [
        ("Penkit Lauttasaaren rantaan", "Bänkar till stranden på Drumsö"),
        ("Koirapuisto Herttoniemeen", "Hundpark i Hertonäs"),
        ("Uimaranta Vuosaareen", "Badstrand i Nordsjö"),
        ("Kirjasto auki sunnuntaisin Kalliossa", "Biblioteket i Berghäll öppet på söndagar"),
        ("Katuvalot Pihlajamäen polulle", "Gatubelysning på stigen i Rönnbacka"),
        ("Suojatie koulun kohdalle Munkkiniemessä", "Övergångsställe vid skolan i Munksnäs"),
        ("Roskiksia Kaivopuistoon", "Soptunnor i Brunnsparken"),
        ("Pyöräparkki Pasilaan", "Cykelparkering i Böle"),
        ("Leikkipuisto Jätkäsaareen", "Lekpark på Busholmen"),
        ("Ulkokuntosali Vuosaaren rantaan", "Utegym vid stranden i Nordsjö"),
    ]),
    "same place, other words": (True, [
        ("Hakaniemen torin penkit rikki", "Hakaniemen torilla istumapaikat hajalla"),
        ("Vallilan puiston valaistus", "Vallilan puistossa pimeää illalla, lamppuja tarvitaan"),
        ("Kampin bussiterminaalin siivous", "Kampin bussiasemalla roskaista"),
        ("Ruoholahden sillan liukkaus", "Ruoholahden silta jäässä, hiekoitus puuttuu"),
        ("Viikin pellon polku mutainen", "Viikissä peltopolku upottaa"),
        ("Myllypuron ostarin valot", "Myllypuron ostoskeskuksessa pimeää"),
    ]),
    "same words, other place": (False, [
        ("Penkit Vuosaaren rannalle", "Penkit Lauttasaaren rannalle"),
        ("Koirapuisto Herttoniemeen", "Koirapuisto Kontulaan"),
        ("Pyöräparkki Pasilan asemalle", "Pyöräparkki Malmin asemalle"),
        ("Suojatie koulun kohdalle Munkkiniemessä", "Suojatie koulun kohdalle Käpylässä"),
        ("Uimaranta Laajasaloon", "Uimaranta Kalasatamaan"),
        ("Roskiksia lisää Kaivopuistoon", "Roskiksia lisää Kumpulaan"),
        ("Katuvalot puistoon", "Katuvalot puistoon", DISTANCE_FAR),
        ("Penkkejä rantaan", "Lisää penkkejä rantaan", DISTANCE_FAR),
        ("Hundpark i Hertonäs", "Hundpark i Gårdsbacka"),
        ("Leikkipuiston keinut korjattava", "Leikkipuiston keinut korjattava", DISTANCE_FAR),
    ]),
    "different matter": (False, [
        ("Lisää penkkejä Vuosaaren rantaan", "Uimaranta Vuosaareen"),
        ("Kuntosalilaitteet Kallion puistoon", "Pyöräkaista Hämeentielle"),
        ("Koirapuisto Herttoniemeen", "Kirjaston aukioloja pidemmiksi"),
        ("Katuvalot Pihlajamäen polulle", "Terveysaseman ajanvaraus chatissa"),
        ("Nuorisotalon aukioloajat sunnuntaisin", "Lumenaurausta Kontulan kaduille"),
        ("Skeittiparkki Malmille", "Koulujen pihat auki iltaisin"),
        ("Roskiksia lisää Kaivopuistoon", "Taideteos Kaivopuiston rantaan"),
        ("Leikkipuiston keinut korjattava", "Uusi uimahalli Malmille"),
        ("Lisää pysäköintipaikkoja Kalasatamaan", "Kalasataman koulun ruokala"),
        ("Kirjaston aukioloja pidemmiksi", "Kirjaston lukusali on liian kylmä"),
        ("Koirapuisto Herttoniemeen", "Herttoniemen metroaseman pyöräparkki"),
        ("Fler bänkar i Brunnsparken", "Konstverk i Brunnsparken"),
        ("Cykelbana längs Tavastvägen", "Längre öppettider för biblioteket"),
        ("Övergångsställe vid skolan på Mäkelägatan", "Skolmaten i Fiskehamnen"),
        ("Hakaniemen torin penkit rikki", "Hakaniemen hallin aukioloajat"),
        ("Leikkipuisto Kumpulaan", "Kumpulan kirjaston lehtilukusali"),
        ("Pyöräparkki Pasilan asemalle", "Pasilan aseman hissi rikki"),
        ("Uimaranta Vuosaareen", "Vuosaaren sataman melu öisin"),
    ]),
}


def _pairs() -> list[Pair]:
    pairs = []
    for kind, (same, rows) in _KINDS.items():
        for index, row in enumerate(rows):
            existing, written, *far = row
            distance = far[0] if far else DISTANCE_NEAR
            pairs.append(Pair(existing, written, same, kind, distance, held_back=index % 2 == 1))
    return pairs


PAIRS = _pairs()
TUNING = [p for p in PAIRS if not p.held_back]
HELD_BACK = [p for p in PAIRS if p.held_back]
