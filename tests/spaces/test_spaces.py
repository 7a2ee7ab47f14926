"""City spaces: the service map importer, opening hours, demo data."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from areas.models import AreaMembership
from spaces.demo import demo_spaces_load
from spaces.models import Space, validate_opening_hours
from spaces.servicemap import guess_kind

pytestmark = pytest.mark.usefixtures("demo_areas")


def unit(unit_id=8215, **overrides) -> dict:
    """A unit as the service map's /v2/unit/ returns it (the fields the importer reads)."""
    data = {
        "id": unit_id,
        "name": {"fi": "Kallion kirjasto", "sv": "Berghälls bibliotek", "en": "Kallio Library"},
        "street_address": {"fi": "Viides linja 11", "sv": "Femte linjen 11", "en": "Viides linja 11"},
        "address_zip": "00530",
        "municipality": "helsinki",
        "phone": "+358 9 3108 5000",
        "email": "kallion_kirjasto@hel.fi",
        "www": {"fi": "https://www.helmet.fi/kallionkirjasto", "sv": "https://www.helmet.fi/sv/berghall"},
        "location": {"type": "Point", "coordinates": [24.9513, 60.1840]},
        "connections": [
            {"section_type": "OPENING_HOURS", "name": {"fi": "ma-to 8-20, pe 8-18", "sv": "mån-tors 8-20"}},
            {"section_type": "PHONE_OR_EMAIL", "name": {"fi": "Neuvonta"}},
        ],
        "description": {"fi": "Kirjasto Kalliossa."},
    }
    data.update(overrides)
    return data


def write(tmp_path, data, name="units.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(*files, **options):
    call_command("import_spaces", *files, verbosity=0, **options)


def test_a_page_of_units_is_imported_with_every_field(tmp_path):
    page = {"count": 3, "next": None, "results": [unit(), unit(1, name={"fi": "Leikkipuisto Brahe"}), unit(2, location=None)]}
    run(write(tmp_path, page))
    library = Space.objects.get(origin_id="servicemap:8215")
    assert (library.name_fi, library.name_sv, library.name_en) == ("Kallion kirjasto", "Berghälls bibliotek", "Kallio Library")
    assert library.kind == Space.Kind.LIBRARY
    assert library.street_address_fi == "Viides linja 11" and library.postal_code == "00530"
    assert library.www_sv == "https://www.helmet.fi/sv/berghall"
    assert library.opening_hours_text_fi == "ma-to 8-20, pe 8-18"
    lon, lat = library.point.transform(4326, clone=True).coords
    assert lon == pytest.approx(24.9513) and lat == pytest.approx(60.1840)
    assert library.geometry.equals(library.point)
    assert AreaMembership.objects.filter(object_id=library.pk, content_type__model="space").count() == 3
    assert Space.objects.get(origin_id="servicemap:1").kind == Space.Kind.PLAYGROUND
    assert not Space.objects.filter(origin_id="servicemap:2").exists()  # no location: skipped


def test_rerun_updates_in_place(tmp_path):
    run(write(tmp_path, [unit()]))
    pk = Space.objects.get().pk
    run(write(tmp_path, [unit()]))
    run(write(tmp_path, unit(phone="09 123")))  # one unit object
    space = Space.objects.get()
    assert space.pk == pk and space.phone == "09 123"


def test_units_outside_helsinki_are_skipped_and_bad_values_left_out(tmp_path):
    espoo = unit(3, location={"type": "Point", "coordinates": [24.6559, 60.2055]})
    odd = unit(4, email="not an address", www={"fi": "javascript:alert(1)"})
    run(write(tmp_path, [espoo, odd]), kind="library")
    assert list(Space.objects.values_list("origin_id", "email", "www_fi")) == [("servicemap:4", "", "")]


@pytest.mark.parametrize(
    "content, message",
    [
        ("[", "not valid JSON"),
        ('{"results": 1}', "Expected service map units"),
        (json.dumps([unit(unit_id="x")]), "has no numeric id"),
        (json.dumps([unit(name=None)]), "has no name"),
        (json.dumps([unit(location={"type": "Point", "coordinates": ["a", "b"]})]), "location must be a GeoJSON point"),
        (json.dumps([unit(location={"type": "Point", "coordinates": [2000, 60]})]), "location must be a GeoJSON point"),
        (json.dumps([unit(name=5)]), "name must be text"),
    ],
)
def test_malformed_files_stop_the_import_and_write_nothing(tmp_path, content, message):
    good = write(tmp_path, [unit(77)], name="good.json")
    with pytest.raises(CommandError) as error:
        run(good, write(tmp_path, content, name="bad.json"))
    assert message in str(error.value)
    assert Space.objects.count() == 0


@pytest.mark.parametrize(
    "name, kind",
    [("Töölön kirjasto", "library"), ("Nuorisotalo Kipinä", "youth_centre"), ("Malmitalo", "other"), ("Kontulan asukastalo", "resident_house")],
)
def test_kind_is_guessed_from_the_name(name, kind):
    assert guess_kind(name) == kind


@pytest.mark.parametrize(
    "hours, valid",
    [
        ({}, True),
        ({"mon": [["08:00", "20:00"]], "sat": [["10:00", "12:00"], ["13:00", "16:00"]], "sun": []}, True),
        ({"mon": [["20:00", "08:00"]]}, False),
        ({"monday": [["08:00", "20:00"]]}, False),
        ({"mon": [["8", "20"]]}, False),
        ({"mon": "8-20"}, False),
        (["mon"], False),
    ],
)
def test_opening_hours_are_checked(hours, valid):
    if valid:
        validate_opening_hours(hours)
    else:
        with pytest.raises(ValidationError):
            validate_opening_hours(hours)


def test_demo_spaces_are_many_across_the_city_and_idempotent():
    first = demo_spaces_load()
    assert first.created >= 100
    second = demo_spaces_load()
    assert second.created == 0 and second.updated == 0 and second.unchanged == first.created
    assert Space.objects.filter(is_demo=True).count() == first.created
    assert set(Space.objects.values_list("kind", flat=True)) >= {"library", "youth_centre", "playground", "school", "multipurpose_house"}
    # Spread across the city: every suurpiiri on land has some.
    suurpiirit = set(
        AreaMembership.objects.filter(content_type__model="space", division__slug="suurpiiri").values_list("area__code", flat=True)
    )
    assert suurpiirit >= {"1", "2", "3", "4", "5", "6", "7"}


def test_the_admin_form_refuses_a_point_or_footprint_outside_helsinki():
    from django.contrib.gis.geos import MultiPolygon
    from django.forms import modelform_factory

    from areas.geometry import MSG_GEOMETRY_OUTSIDE, to_projection
    from spaces.admin import SpaceForm
    from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS, place

    form_class = modelform_factory(Space, form=SpaceForm, fields=["point", "footprint"])
    leppavaara = to_projection(place(NEIGHBOURS["Leppävaara, Espoo"]))
    suomenlinna = to_projection(place(BORDER_HELSINKI["Suomenlinna"]))
    footprint = MultiPolygon(leppavaara.buffer(20), srid=3067).ewkt
    assert form_class({"point": leppavaara.ewkt, "footprint": footprint}).errors == {
        "point": [str(MSG_GEOMETRY_OUTSIDE)],
        "footprint": [str(MSG_GEOMETRY_OUTSIDE)],
    }
    assert form_class({"point": suomenlinna.ewkt, "footprint": ""}).is_valid()
