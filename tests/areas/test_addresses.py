"""The address register importer: Helsinki's CSV, the service map's JSON, GeoJSON; malformed files."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command

from areas.models import Address

pytestmark = pytest.mark.django_db

STATION_3879 = Point(24.9384, 60.1699, srid=4326).transform(3879, clone=True)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(path, **options):
    call_command("import_addresses", path, verbosity=0, **options)


def test_helsinki_csv_in_gk25(tmp_path):
    x, y = STATION_3879.coords
    csv = (
        "katunimi;gatan;osoitenumero;osoitenumero2;osoitekirjain;postinumero;n;e\n"
        f"Kaivokatu;Brunnsgatan;1;;;00100;{y};{x}\n"
        f"Kaivokatu;Brunnsgatan;12;14;a;00100;{y + 50};{x + 300}\n"
    )
    run(write(tmp_path, "osoitteet.csv", csv))
    first, second = Address.objects.order_by("number")
    assert (first.street_fi, first.street_sv, first.number, first.postal_code) == ("Kaivokatu", "Brunnsgatan", "1", "00100")
    assert second.number == "12-14a"
    assert first.point.srid == 3067
    assert first.point.distance(Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True)) < 0.01
    run(write(tmp_path, "osoitteet.csv", csv))
    assert Address.objects.count() == 2


def test_service_map_address_json(tmp_path):
    page = {
        "count": 2,
        "results": [
            {
                "street": {"name": {"fi": "Mannerheimintie", "sv": "Mannerheimvägen"}},
                "number": "5",
                "number_end": "",
                "letter": "",
                "location": {"type": "Point", "coordinates": [24.9418, 60.1681]},
            },
            {
                "street": {"name": {"fi": "Mannerheiminkatu"}},
                "number": "3",
                "location": {"type": "Point", "coordinates": [25.6600, 60.3930]},  # Porvoo
            },
        ],
    }
    call_command("import_addresses", write(tmp_path, "a.json", json.dumps(page)), verbosity=0)
    assert list(Address.objects.values_list("street_fi", "street_sv", "number")) == [
        ("Mannerheimintie", "Mannerheimvägen", "5")
    ]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.csv", "street;x\nA;1\n", "lacks the columns for number, y"),
        ("a.csv", "katunimi;osoitenumero;n;e\nKaivokatu;1;x;y\n", "has no usable point coordinates"),
        ("a.csv", "katunimi;osoitenumero;n;e\n;1;6672000;25496000\n", "has no street name or no number"),
        ("a.csv", "katunimi;osoitenumero;n;e\nKaivokatu;1;1;1\n", "out of range for EPSG:3879"),
        ("a.json", "{", "not valid JSON"),
        ("a.json", '{"results": 3}', "Expected a list of addresses"),
        ("a.txt", "x", "Unknown address file type"),
    ],
)
def test_malformed_files_are_refused_and_nothing_is_written(tmp_path, name, content, message):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, name, content))
    assert message in str(error.value) and "Nothing was imported" in str(error.value)
    assert Address.objects.count() == 0
