"""Placing text on the map: the demo address register and the demo areas; hits and misses."""

import pytest

from areas.demo import demo_addresses_load
from areas.geocoding import TextGeolocator, name_forms
from areas.models import Area


@pytest.fixture
def locator(demo_areas):
    demo_addresses_load()
    return TextGeolocator.from_database()


def found(locator, text):
    return [(p.precision, p.matched) for p in locator.locate(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Asemakaavan muutos nro 12856, Kluuvi, Pohjoisesplanadi 37", [("address", "Pohjoisesplanadi 37")]),
        ("Rakennuslupa, Mannerheimintie 5", [("address", "Mannerheimintie 5")]),
        ("Bygglov, Mannerheimvägen 5", [("address", "Mannerheimvägen 5")]),
        ("Poikkeamispäätös, Urho Kekkosen katu 4", [("address", "Urho Kekkosen katu 4")]),
        ("Liikennejärjestelyt Mannerheimintiellä", [("street", "Mannerheimintiellä")]),
        ("Hämeentien katusuunnitelma, Kallio", [("street", "Hämeentien")]),
        ("Mannerheimintie 999", [("street", "Mannerheimintie")]),  # no such number: the street
        ("Lauttasaaren kirjaston peruskorjaus", [("area", "Lauttasaaren")]),
        ("Valtuustoaloite, Haltialan kotieläintilasta", [("area", "Haltialan")]),
        ("Uusi koulu Vuosaareen", [("area", "Vuosaareen")]),
        ("Asemakaavan muutos, Patterimäen itäosa, Pajamäki, Pitäjänmäki", [("area", "Pajamäki")]),
        ("Kaartinkaupungin puisto", [("area", "Kaartinkaupungin")]),
        ("Parkplan, Drumsö", [("area", "Drumsö")]),
        ("Kortteli Itä-Pasilassa", [("area", "Itä-Pasilassa")]),
        ("Kallio ja Vuosaari", [("area", "Kallio"), ("area", "Vuosaari")]),
    ],
)
def test_hits(locator, text, expected):
    assert found(locator, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Lausuntopyyntö, Suomi-rata Oy:n Lentorata-hanke, UUDELY",
        "Talousarvioehdotus 2026",
        "Kallioinen maasto ja mannerheimintietoisuus",  # names inside other words do not count
        "Linjat ja tali",  # names too common to trust
        "",
        "Asemakaavan muutos nro 12856",
    ],
)
def test_misses(locator, text):
    assert found(locator, text) == []


def test_an_address_lands_near_its_street_and_an_area_inside_its_area(locator):
    (place,) = locator.locate("Vuosaari")
    area = Area.objects.get(division__slug="peruspiiri", name_fi="Vuosaari")
    assert area.geometry.covers(place.point) and place.area_id == area.pk


@pytest.mark.parametrize(
    "word, base",
    [
        ("lauttasaaren", "lauttasaari"),
        ("pitäjänmäen", "pitäjänmäki"),
        ("fredrikinkadulla", "fredrikinkatu"),
        ("malmiin", "malmi"),
        ("kallioon", "kallio"),
        ("herttoniemessä", "herttoniemi"),
        ("mannerheimvägens", "mannerheimvägen"),
    ],
)
def test_name_forms(word, base):
    assert base in name_forms(word)
