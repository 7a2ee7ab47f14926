"""The Linked Events importer: pages, places, re-runs, refusals."""

import json

import pytest
from django.core.management import CommandError, call_command

from areas.models import AreaMembership
from events.models import AreaEvent
from spaces.models import Space
from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS, place

pytestmark = pytest.mark.usefixtures("demo_areas")

KALLIO = [24.9513, 60.1840]
ESPOO = [24.6559, 60.2055]
API = "https://api.hel.fi/linkedevents/v1"


def event(event_id="helsinki:agf1", *, position=KALLIO, **overrides) -> dict:
    """An event as Linked Events' /v1/event/?include=location returns it (the fields the importer reads)."""
    data = {
        "id": event_id,
        "name": {"fi": "Kallion asukasilta", "sv": "Berghälls invånarkväll", "en": "Kallio residents' evening"},
        "description": {"fi": "<p>Tule <b>keskustelemaan</b>.</p>", "sv": "<p>Välkommen.</p>"},
        "start_time": "2026-05-04T15:00:00Z",
        "end_time": "2026-05-04T17:00:00Z",
        "location": {
            "@id": f"{API}/place/tprek:8215/",
            "id": "tprek:8215",
            "position": None if position is None else {"type": "Point", "coordinates": position},
        },
        "keywords": [{"@id": f"{API}/keyword/yso:p8270/"}, {"@id": f"{API}/keyword/yso:p1235/"}],
        "event_status": "EventScheduled",
        "info_url": {"fi": "https://www.hel.fi/asukasilta"},
    }
    data.update(overrides)
    return data


def page(events, next_url=None) -> dict:
    return {"meta": {"count": len(events), "next": next_url, "previous": None}, "data": events}


def write(tmp_path, data, name="page1.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(source) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_linked_events", source, stdout=out)
    return out.getvalue()


def snapshot():
    return list(AreaEvent.objects.order_by("source_id").values())


def test_pages_are_followed_and_every_field_imported(tmp_path):
    multi_day = event(
        "helsinki:agf2",
        name={"fi": "Kaupunginosapäivät"},
        start_time="2026-05-08T09:00:00+03:00",
        end_time="2026-05-10T16:00:00+03:00",
    )
    no_place = event("helsinki:agf3", name={"fi": "Verkkokeskustelu"}, location=None, end_time=None)
    second = write(tmp_path, page([multi_day, no_place]), "page2.json")
    out = run(write(tmp_path, page([event()], next_url=second)))
    assert "3 created, 0 updated, 0 unchanged, 0 skipped" in out

    forum = AreaEvent.objects.get(source="linkedevents", source_id="helsinki:agf1")
    assert (forum.name_fi, forum.name_sv, forum.name_en) == (
        "Kallion asukasilta",
        "Berghälls invånarkväll",
        "Kallio residents' evening",
    )
    assert forum.description_fi == "Tule keskustelemaan."  # HTML stripped
    assert forum.keywords == ["yso:p1235", "yso:p8270"]
    assert forum.info_url == "https://www.hel.fi/asukasilta"
    lon, lat = forum.location.transform(4326, clone=True).coords
    assert (lon, lat) == (pytest.approx(KALLIO[0]), pytest.approx(KALLIO[1]))
    assert forum.geometry.equals(forum.location)
    assert AreaMembership.objects.filter(object_id=forum.pk, content_type__model="areaevent").count() == 3

    days = AreaEvent.objects.get(source_id="helsinki:agf2")
    assert (days.end_time - days.start_time).days == 2

    online = AreaEvent.objects.get(source_id="helsinki:agf3")
    assert online.location is None and online.geometry is None and online.end_time is None
    assert not AreaMembership.objects.filter(object_id=online.pk, content_type__model="areaevent").exists()


def test_a_second_run_changes_nothing_and_a_change_updates_in_place(tmp_path):
    source = write(tmp_path, page([event(), event("helsinki:agf2", location=None)]))
    run(source)
    before = snapshot()
    assert "0 created, 0 updated, 2 unchanged" in run(source)
    assert snapshot() == before

    run(write(tmp_path, page([event(event_status="EventCancelled"), event("helsinki:agf2", location=None)])))
    after = {row["source_id"]: row for row in snapshot()}
    assert after["helsinki:agf1"]["id"] == before[0]["id"]
    assert after["helsinki:agf1"]["status"] == AreaEvent.Status.CANCELLED


def test_events_outside_helsinki_are_skipped_and_counted(tmp_path):
    out = run(write(tmp_path, page([event(), event("helsinki:espoo", position=ESPOO)])))
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "Event helsinki:espoo (Kallion asukasilta) lies outside Helsinki: skipped." in out
    assert list(AreaEvent.objects.values_list("source_id", flat=True)) == ["helsinki:agf1"]


def test_a_place_known_by_its_id_is_the_imported_space(tmp_path):
    call_command("import_spaces", write(tmp_path, [{"id": 8215, "name": {"fi": "Kallion kirjasto"}, "location": {"type": "Point", "coordinates": KALLIO}}], "units.json"), verbosity=0)
    reference = event(location={"@id": f"{API}/place/tprek:8215/"})
    online = event("helsinki:web", location={"@id": f"{API}/place/helsinki:internet/"})
    run(write(tmp_path, page([reference, online])))
    library = Space.objects.get(origin_id="servicemap:8215")
    held = AreaEvent.objects.get(source_id="helsinki:agf1")
    assert held.space == library and held.location is None and held.geometry.equals(library.point)
    assert AreaEvent.objects.get(source_id="helsinki:web").is_online


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"results": []}, 'Expected a Linked Events page: {"meta": {...}, "data": [...]}.'),
        (page([event(id=None)]), "Event 1 has no id."),
        (page([event(name={})]), "Event helsinki:agf1 has no name."),
        (
            page([event(start_time="4.5.2026 klo 18")]),
            "Event helsinki:agf1: start_time must be a date and time with its offset, e.g. 2026-05-04T17:00:00Z, not '4.5.2026 klo 18'.",
        ),
        (page([event(start_time="2026-05-04T15:00:00")]), "start_time must be a date and time with its offset"),
        (page([event(end_time="2026-05-04T14:59:59Z")]), "Event helsinki:agf1 ends before it starts."),
        (page([event(position=[24.95, "x"])]), "Event helsinki:agf1: the place's position must be a GeoJSON point in EPSG:4326."),
        (page([event(event_status="EventMaybe")]), "Event helsinki:agf1: unknown event_status 'EventMaybe'."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_imported(tmp_path, data, message):
    good_first = page([event("helsinki:good")], next_url=write(tmp_path, data, "page2.json"))
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, good_first))
    assert message in str(caught.value)
    assert str(caught.value).endswith("Nothing was imported.")
    assert not AreaEvent.objects.exists()


def test_an_end_equal_to_the_start_is_accepted(tmp_path):
    run(write(tmp_path, page([event(end_time="2026-05-04T15:00:00Z")])))
    assert AreaEvent.objects.get().end_time == AreaEvent.objects.get().start_time


def test_pages_that_loop_are_refused(tmp_path):
    first = tmp_path / "page1.json"
    first.write_text(json.dumps(page([event()], next_url=str(first))), encoding="utf-8")
    with pytest.raises(CommandError, match="meta.next loops"):
        run(str(first))
    assert not AreaEvent.objects.exists()


def test_events_in_a_neighbouring_town_inside_the_old_box_are_skipped(tmp_path):
    neighbours = [event(f"helsinki:{n}", position=list(NEIGHBOURS[name])) for n, name in enumerate(NEIGHBOURS)]
    border = event("helsinki:ostersundom", position=list(BORDER_HELSINKI["Östersundom"]))
    out = run(write(tmp_path, page([*neighbours, border])))
    assert f"1 created, 0 updated, 0 unchanged, {len(NEIGHBOURS)} skipped" in out
    assert list(AreaEvent.objects.values_list("source_id", flat=True)) == ["helsinki:ostersundom"]


@pytest.mark.parametrize(("lonlat", "valid"), [(NEIGHBOURS["Tikkurila, Vantaa"], False), (BORDER_HELSINKI["Vuosaari shore"], True)])
def test_the_admin_form_refuses_a_place_outside_helsinki(lonlat, valid):
    from django.forms import modelform_factory

    from areas.geometry import MSG_GEOMETRY_OUTSIDE
    from events.admin import AreaEventForm

    point = place(lonlat).transform(3067, clone=True)
    form = modelform_factory(AreaEvent, form=AreaEventForm, fields=["location"])({"location": point.ewkt})
    assert form.is_valid() is valid
    assert form.errors.get("location") == (None if valid else [str(MSG_GEOMETRY_OUTSIDE)])
