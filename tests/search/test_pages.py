"""The search's pages: results without JavaScript, the box on the map pages, the near-me list."""

from __future__ import annotations

import re

import pytest
from django.contrib.gis.geos import Point

from map_ui.numbers import NBSP
from search.forms import MSG_QUERY_TOO_LONG
from search.nearby import NEARBY_LIMIT, NEARBY_RADIUS_M
from search.selectors import MAX_QUERY_LENGTH
from tests.cases.factories import STATION_3067, at, case, space

pytestmark = pytest.mark.django_db


def test_the_results_page_lists_hits_as_links(client, places):
    response = client.get("/haku/", {"q": "Kalliossa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<a href="/alue/[a-z-]+/\d+/">Kallio</a>', html)
    assert 'value="Kalliossa"' in html


def test_the_results_page_in_swedish(client, places):
    html = client.get("/sv/haku/", {"q": "Drumsö"}).content.decode()
    assert re.search(r'<a href="/sv/alue/[a-z-]+/\d+/">Drumsö</a>', html)


def test_a_too_long_search_keeps_the_text_and_shows_the_error_beside_the_field(client, places):
    text = "k" * (MAX_QUERY_LENGTH + 1)
    response = client.get("/en/haku/", {"q": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{text}"' in html
    assert 'id="search-q-error"' in html and str(MSG_QUERY_TOO_LONG).format(max=MAX_QUERY_LENGTH) in html


def test_the_results_page_without_q_shows_the_box_only(client, places):
    response = client.get("/haku/")
    assert response.status_code == 200
    assert "data-search-results" not in response.content.decode()


def test_nothing_found_says_so(client, places):
    html = client.get("/en/haku/", {"q": "Xyzzyqwv"}).content.decode()
    assert "Nothing was found" in html


@pytest.mark.parametrize("path", ["/", "/lahella/", "/sv/", "/sv/lahella/"])
def test_the_map_pages_have_the_search_box(client, places, path):
    html = client.get(path).content.decode()
    assert 'role="search"' in html
    assert re.search(r'action="(/sv)?/haku/"', html)


def test_nearby_lists_the_nearest_with_distances_in_the_pages_language(client, places):
    space("Lähin tila", at(120, 0))
    space("Kaukainen tila", at(1500, 0))
    case(title="Lähin asia", geometry=at(0, 250))
    case(title="Ratkaistu asia", geometry=at(0, 10), status="decided")
    lat, lon = Point(STATION_3067.x, STATION_3067.y, srid=3067).transform(4326, clone=True).coords[::-1]
    html = client.get("/lahella/kohteet/", {"lat": lat, "lon": lon}).content.decode()
    spaces = re.search(r'data-nearby="spaces">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", spaces) == ["Lähin tila", "Kaukainen tila"]
    assert f"120{NBSP}m" in spaces and f"1,5{NBSP}km" in spaces
    cases = re.search(r'data-nearby="cases">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", cases) == ["Lähin asia"]  # only pending cases
    english = client.get("/en/lahella/kohteet/", {"lat": lat, "lon": lon}).content.decode()
    assert f"1.5{NBSP}km" in english


def test_nearby_stops_at_the_radius_and_the_limit(client, places):
    for i in range(NEARBY_LIMIT + 1):
        space(f"Tila {i}", at(10 * (i + 1), 0))
    space("Juuri säteellä", at(0, NEARBY_RADIUS_M - 1))
    space("Säteen ulkopuolella", at(0, -(NEARBY_RADIUS_M + 1)))
    from search.nearby import nearby_items

    names = [item.name for item in nearby_items(point=STATION_3067)["spaces"]]
    assert names == [f"Tila {i}" for i in range(NEARBY_LIMIT)]
    far = nearby_items(point=at(0, NEARBY_RADIUS_M))["spaces"]
    assert [item.name for item in far][0] == "Juuri säteellä"
    assert "Säteen ulkopuolella" not in [item.name for item in far]


def test_nearby_without_a_point_is_a_400(client, places):
    response = client.get("/lahella/kohteet/")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
