"""/api/v1/search/: the search box's API on the demo divisions and address register."""

from __future__ import annotations

import pytest

from search.forms import MSG_QUERY_MISSING, MSG_QUERY_TOO_LONG, MSG_QUERY_TOO_SHORT
from search.selectors import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH
from tests.cases.factories import at, case, space

URL = "/api/v1/search/"
pytestmark = pytest.mark.django_db


def search(api_client, q, language="fi"):
    response = api_client.get(URL, {"q": q}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def first(body, kind):
    return next(hit for hit in body["results"] if hit["kind"] == kind)


@pytest.mark.parametrize(
    "q, name",
    [("Kalliossa", "Kallio"), ("Lauttasaaressa", "Lauttasaari"), ("Kruununhaassa", "Kruununhaka"), ("Itäkeskuksessa", "Itäkeskus")],
)
def test_a_finnish_inflected_area_name_finds_the_area_first(api_client, places, q, name):
    body = search(api_client, q)
    top = body["results"][0]
    assert (top["kind"], top["name"]) == ("area", name)
    assert top["url"].startswith("/alue/")
    west, south, east, north = top["bbox"]
    lon, lat = top["point"]["coordinates"]
    assert west <= lon <= east and south <= lat <= north
    assert 24.5 < west < east < 25.3 and 60.0 < south < north < 60.4


def test_the_inflected_form_is_needed_for_the_match_not_a_substring(api_client, places):
    """"Kalliossa" is no substring of "Kallio": only the base form finds it."""
    assert "kalliossa" not in "kallio"
    names = [hit["name"] for hit in search(api_client, "Kalliossa")["results"] if hit["kind"] == "area"]
    assert "Kallio" in names


def test_a_swedish_name_finds_the_area_and_answers_in_swedish(api_client, places):
    body = search(api_client, "Drumsö", language="sv")
    top = body["results"][0]
    assert (top["kind"], top["name"]) == ("area", "Drumsö")
    assert top["url"].startswith("/sv/alue/")


def test_a_swedish_name_asked_in_finnish_answers_with_the_finnish_name(api_client, places):
    top = search(api_client, "Drumsö", language="fi")["results"][0]
    assert (top["kind"], top["name"]) == ("area", "Lauttasaari")


def test_accents_need_not_be_typed(api_client, places):
    top = search(api_client, "Drumso", language="sv")["results"][0]
    assert top["name"] == "Drumsö"


def test_an_address_is_found_with_its_point(api_client, places):
    from areas.models import Address

    body = search(api_client, "Mannerheimintie 5")
    top = body["results"][0]
    assert (top["kind"], top["name"]) == ("address", "Mannerheimintie 5")
    expected = Address.objects.get(street_fi="Mannerheimintie", number="5").point.transform(4326, clone=True)
    assert top["point"]["coordinates"] == pytest.approx([expected.x, expected.y], abs=1e-6)
    assert top["url"].startswith("/lahella/?lat=")


def test_an_address_typed_without_the_space_is_found(api_client, places):
    """The number glued to the street ("Mannerheimintie5"): the street is not one of the text's words."""
    top = search(api_client, "Mannerheimintie5")["results"][0]
    assert (top["kind"], top["name"]) == ("address", "Mannerheimintie 5")


def test_a_swedish_street_name_finds_the_address_in_swedish(api_client, places):
    top = search(api_client, "Mannerheimvägen 5", language="sv")["results"][0]
    assert (top["kind"], top["name"]) == ("address", "Mannerheimvägen 5")


def test_a_street_without_number_is_a_street_hit(api_client, places):
    body = search(api_client, "Mannerheimintie")
    assert first(body, "street")["name"] == "Mannerheimintie"
    assert not [hit for hit in body["results"] if hit["kind"] == "address"]


def test_a_space_and_a_case_are_found_by_name(api_client, places):
    found_space = space("Oodi-testikirjasto", at(100, 0))
    found_case = case(title="Testipuiston leikkipaikan peruskorjaus", geometry=at(200, 0))
    space_hit = first(search(api_client, "Oodi-testikirjasto"), "space")
    assert space_hit["url"] == f"/tila/{found_space.pk}/"
    case_hit = first(search(api_client, "leikkipaikan peruskorjaus"), "case")
    assert case_hit["name"] == found_case.title
    assert case_hit["detail"] == found_case.case_id
    assert case_hit["point"] is not None


def test_a_case_is_found_by_its_id(api_client, places):
    found = case(title="Jotain aivan muuta")
    hits = search(api_client, found.case_id.replace(" ", "-"))["results"]
    assert [(h["kind"], h["detail"]) for h in hits] == [("case", found.case_id)]


def test_nothing_found_is_an_empty_list(api_client, places):
    body = search(api_client, "Xyzzyqwv")
    assert body == {"query": "Xyzzyqwv", "count": 0, "results": []}


def test_a_missing_q_is_a_400_with_a_message(api_client, places):
    response = api_client.get(URL)
    assert response.status_code == 400
    assert response.json() == {"q": [str(MSG_QUERY_MISSING)]}


def test_a_blank_q_is_a_400(api_client, places):
    response = api_client.get(URL, {"q": "   "})
    assert response.status_code == 400
    assert response.json() == {"q": [str(MSG_QUERY_MISSING)]}


@pytest.mark.parametrize("length, ok", [(MAX_QUERY_LENGTH - 1, True), (MAX_QUERY_LENGTH, True), (MAX_QUERY_LENGTH + 1, False)])
def test_the_longest_q(api_client, places, length, ok):
    q = ("Kallio " * 30)[:length]
    q = q[:-1] + "x" if q.endswith(" ") else q  # a stripped space would shorten it
    response = api_client.get(URL, {"q": q})
    assert len(q) == length
    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json() == {"q": [str(MSG_QUERY_TOO_LONG).format(max=MAX_QUERY_LENGTH)]}


@pytest.mark.parametrize("length, ok", [(MIN_QUERY_LENGTH - 1, False), (MIN_QUERY_LENGTH, True), (MIN_QUERY_LENGTH + 1, True)])
def test_the_shortest_q(api_client, places, length, ok):
    response = api_client.get(URL, {"q": "Kal"[:length]})
    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json() == {"q": [str(MSG_QUERY_TOO_SHORT).format(min=MIN_QUERY_LENGTH)]}


def test_the_400_is_in_the_persons_language(api_client, places):
    response = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert response.json()["q"][0].startswith("Kirjoita")


def test_the_search_is_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q"]
    assert operation["parameters"][0]["required"] is True


def test_a_swedish_inflected_name_finds_the_area_by_its_stem(api_client, places):
    """"Drumsös" (genitive) is no prefix of "Drumsö"; its Swedish stem is."""
    top = search(api_client, "Drumsös", language="sv")["results"][0]
    assert (top["kind"], top["name"]) == ("area", "Drumsö")


def test_a_typo_still_finds_the_name(api_client, places):
    names = [hit["name"] for hit in search(api_client, "Lauttasari")["results"]]
    assert "Lauttasaari" in names


@pytest.mark.parametrize("q", ["%%", "__", "\\\\", "' OR 1=1 --", "Kallio\u200b", "🙂🙂", "a" * MAX_QUERY_LENGTH])
def test_odd_text_is_searched_as_text(api_client, places, q):
    response = api_client.get(URL, {"q": q})
    assert response.status_code == 200
    assert all(hit["kind"] in {"address", "street", "area", "space", "case"} for hit in response.json()["results"])


def test_a_nul_character_is_a_400(api_client, places):
    response = api_client.get(URL, {"q": "Kal\x00lio"})
    assert response.status_code == 400
