"""Cursor pages of the located lists: `next` links after the last row's key, `count` on the first page only,
stable while items are added, and page numbers for the clients that ask for them."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Case
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")

URL = "/api/v1/cases/"
SIZE = 3
DAY_ONE, DAY = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), datetime.timedelta(days=1)


def make(n: int, **values) -> list[Case]:
    """`n` located cases created a day apart in 2025 (the default order is newest first)."""
    return [
        factories.case(title=f"asia {i:02d}", geometry=factories.at(i * 10, 0), created=DAY_ONE + i * DAY, **values)
        for i in range(n)
    ]


def walk(client, query: dict, *, link: str = "next", first_url: str = URL) -> list[dict]:
    """Every page from the first, following `link`."""
    pages = [client.get(first_url, query).json()]
    while pages[-1][link]:
        response = client.get(pages[-1][link])
        assert response.status_code == 200, response.content[:300]
        pages.append(response.json())
    return pages


def ids(page: dict) -> list[int]:
    return [f["id"] for f in page["features"]]


def default_order() -> list[int]:
    return list(Case.objects.order_by("-created", "case_id", "pk").values_list("pk", flat=True))


@pytest.mark.parametrize(("items", "pages"), [(SIZE * 2 - 1, 2), (SIZE * 2, 2), (SIZE * 2 + 1, 3)])
def test_pages_at_a_multiple_of_the_page_size_one_less_and_one_more(api_client, items, pages):
    make(items)
    walked = walk(api_client, {"page_size": SIZE})
    assert len(walked) == pages
    assert [i for page in walked for i in ids(page)] == default_order()
    assert [len(page["features"]) for page in walked] == [SIZE] * (pages - 1) + [items - SIZE * (pages - 1)]
    # The last page has no next; the first has no previous.
    assert walked[-1]["next"] is None and walked[0]["previous"] is None
    # Only the first page is counted.
    assert walked[0]["count"] == items and all(page["count"] is None for page in walked[1:])


def test_a_list_that_fits_one_page_has_no_links(api_client):
    make(SIZE)
    page = api_client.get(URL, {"page_size": SIZE}).json()
    assert page["count"] == SIZE and page["next"] is None and page["previous"] is None and len(page["features"]) == SIZE


def test_previous_links_walk_back_to_the_start(api_client):
    make(SIZE * 2 + 1)
    forward = walk(api_client, {"page_size": SIZE})
    back = [forward[-1]]
    while back[-1]["previous"]:
        back.append(api_client.get(back[-1]["previous"]).json())
    assert [ids(page) for page in back[::-1]] == [ids(page) for page in forward]
    assert back[-1]["previous"] is None and back[-1]["next"]


def test_next_stays_where_it_was_while_items_are_added(api_client):
    make(SIZE * 2)
    first = api_client.get(URL, {"page_size": SIZE}).json()
    # A newer case sorts first (newest first): a page number would shift by one; the cursor does not.
    factories.case(title="uusi", created=timezone.now())
    second = api_client.get(first["next"]).json()
    assert ids(second) == default_order()[SIZE + 1 : SIZE * 2 + 1]
    assert not set(ids(first)) & set(ids(second))


def test_ties_are_broken_by_id(api_client):
    # Every case was created at the same moment: only the id orders them.
    made = [factories.case(title=f"asia {i}", created=DAY_ONE) for i in range(SIZE * 2 + 1)]
    walked = walk(api_client, {"page_size": SIZE, "ordering": "-created"})
    assert [i for page in walked for i in ids(page)] == sorted(c.pk for c in made)


def test_a_nullable_ordering_key_pages_through_its_nulls(api_client):
    made = make(SIZE * 2 + 1)
    for index, case in enumerate(made[:4]):
        case.last_handled = datetime.datetime(2025, 1, 1 + index % 2, tzinfo=datetime.UTC)
        case.save(update_fields=["last_handled"])
    for ordering in ("last_handled", "-last_handled"):
        walked = walk(api_client, {"page_size": SIZE, "ordering": ordering})
        expected = list(Case.objects.order_by(ordering, "pk").values_list("pk", flat=True))
        assert [i for page in walked for i in ids(page)] == expected, ordering


def test_near_pages_by_distance(api_client):
    make(SIZE * 2 + 1)
    walked = walk(api_client, {"page_size": SIZE, "near": "60.1699,24.9384"})
    distances = [f["properties"]["distance_m"] for page in walked for f in page["features"]]
    assert len(distances) == SIZE * 2 + 1 and distances == sorted(distances)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_tampered_cursor_is_a_400_in_the_language_asked(api_client, language):
    make(SIZE + 1)
    cursor = api_client.get(URL, {"page_size": SIZE}).json()["next"].split("cursor=")[1].split("&")[0]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    response = api_client.get(URL, {"page_size": SIZE, "cursor": tampered}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    expected = {
        "fi": "Parametri cursor ei ole tämän palvelun antama: seuraa next- ja previous-linkkejä sellaisinaan.",
        "sv": "Parametern cursor är inte en som tjänsten har gett: följ länkarna next och previous som de är.",
        "en": "Parameter cursor is not one this service gave: follow the next and previous links as they are.",
    }
    assert response.json()["detail"] == expected[language]


def test_a_cursor_of_another_ordering_is_a_400(api_client):
    make(SIZE + 1)
    next_url = api_client.get(URL, {"page_size": SIZE, "ordering": "case_id"}).json()["next"]
    response = api_client.get(next_url.replace("ordering=case_id", "ordering=-last_handled"))
    assert response.status_code == 400
    assert response.json()["detail"] == "Parameter cursor belongs to another ordering: start again from the first page."


def test_page_and_cursor_together_are_a_400(api_client):
    make(SIZE + 1)
    next_url = api_client.get(URL, {"page_size": SIZE}).json()["next"]
    response = api_client.get(next_url + "&page=2")
    assert response.status_code == 400 and response.json()["detail"] == "Give either page or cursor, not both."


def test_page_numbers_still_work_with_a_count_on_every_page(api_client):
    make(SIZE * 2 + 1)
    second = api_client.get(URL, {"page_size": SIZE, "page": 2}).json()
    assert second["count"] == SIZE * 2 + 1 and ids(second) == default_order()[SIZE : SIZE * 2]
    assert second["previous"] and "cursor" not in second["previous"]
    assert "page=3" in second["next"] and "cursor" not in second["next"]
    assert api_client.get(URL, {"page_size": SIZE, "page": 4}).status_code == 404


@pytest.mark.parametrize(("size", "status"), [(999, 200), (1000, 200), (1001, 400)])
def test_page_size_limit(api_client, size, status):
    make(2)
    response = api_client.get(URL, {"page_size": size})
    assert response.status_code == status
    if status == 400:
        assert response.json()["detail"] == "Parameter page_size must be between 1 and 1000, not 1001."


def test_the_python_path_pages_the_same_way(api_client, monkeypatch):
    """A kind whose serializer builds its features (per-user fields) gets the same cursor pages."""
    from cases.api.serializers import CaseFeatureSerializer

    make(SIZE * 2 + 1)
    sql = walk(api_client, {"page_size": SIZE})
    monkeypatch.setattr(CaseFeatureSerializer, "sql_properties", classmethod(lambda cls, *, srid: None))
    python = walk(api_client, {"page_size": SIZE})
    assert [ids(p) for p in python] == [ids(p) for p in sql]
    assert [p["count"] for p in python] == [p["count"] for p in sql]


def test_areas_page_by_their_divisions_keys(api_client):
    """/api/v1/areas/ orders by related fields (division level and slug, code): the cursor walks them."""
    query = {"page_size": 40}
    walked = walk(api_client, query, first_url="/api/v1/areas/")
    numbered, page = [], 1
    while True:
        body = api_client.get("/api/v1/areas/", {**query, "page": page}).json()
        numbered.extend(ids(body))
        if not body["next"]:
            break
        page += 1
    assert len(walked) > 2 and [i for p in walked for i in ids(p)] == numbered


def test_search_pages_by_rank_with_ties(api_client):
    """`q` orders by ts_rank, a real: its cursor must find equal ranks again, or rows repeat or vanish."""
    for i in range(SIZE * 3):
        # Three ranks, three cases each: the word once, twice, or with other words around it.
        title = ["kirjasto", "kirjasto kirjasto", "uusi kirjasto lähellä asemaa"][i % 3]
        factories.case(title=f"{title} {i}", created=DAY_ONE + i * DAY)
    walked = walk(api_client, {"page_size": 2, "q": "kirjasto"})
    numbered = [
        i for page in range(1, 6) for i in ids(api_client.get(URL, {"page_size": 2, "q": "kirjasto", "page": page}).json())
    ]
    found = [i for p in walked for i in ids(p)]
    assert len(found) == SIZE * 3 and found == numbered
