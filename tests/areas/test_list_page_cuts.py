"""The bbox page's CPU cuts answer as before (bench/RESULTS.md, History "bboxpage").

1. A list asked for none of its FilterSet's parameters skips building the form:
   the queryset (its SQL) is the one the FilterSet gave, for every list that has one.
2. The first page's count is the same `SELECT COUNT(*)` counted without the
   feature annotation, and the same number.
3. A cursor is signed without a timestamp: the first page read again later is
   the same body, so the same ETag and a 304 (it changed every second before).
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters import CharFilter, DateFromToRangeFilter, FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cases.models import Case
from areas.api import keyset
from areas.api.located import StrictDjangoFilterBackend, names_a_filter
from tests.cases import factories

URL = "/api/v1/cases/"


def filtered_views() -> list[type]:
    """Every API view class whose filters include StrictDjangoFilterBackend and that has a FilterSet."""
    found, stack = {}, list(get_resolver().url_patterns)
    while stack:
        entry = stack.pop()
        if isinstance(entry, URLResolver):
            stack.extend(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            cls = getattr(entry.callback, "cls", None)
            if cls and StrictDjangoFilterBackend in getattr(cls, "filter_backends", ()) and cls.filterset_class:
                found[cls.__qualname__] = cls
    return sorted(found.values(), key=lambda cls: cls.__qualname__)


def test_the_lists_with_a_filterset_are_found():
    # The parity below must not pass by finding nothing.
    names = {cls.__name__ for cls in filtered_views()}
    assert {"CaseViewSet", "SpaceViewSet", "ProposalViewSet", "ProjectViewSet", "InitiativeViewSet"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("view_class", filtered_views(), ids=lambda cls: cls.__name__)
def test_without_filter_parameters_the_queryset_is_the_filtersets(view_class):
    """The same SQL as django-filter's own backend gives (the FilterSet built and applied)."""
    model = view_class.filterset_class._meta.model
    request = Request(APIRequestFactory().get("/", {"bbox": "24.9,60.1,25.0,60.2", "page_size": "100", "cursor": "x"}))
    view = view_class()
    queryset = model._default_manager.all()
    skipped = StrictDjangoFilterBackend().filter_queryset(request, queryset, view)
    built = DjangoFilterBackend().filter_queryset(request, queryset, view)
    assert str(skipped.query) == str(built.query)


class Sample(FilterSet):
    status = CharFilter()
    created = DateFromToRangeFilter()


class Required(FilterSet):
    status = CharFilter(required=True)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([], False),
        (["bbox", "page_size", "cursor", "srid"], False),
        (["status"], True),  # a filter's own name
        (["created_after"], True),  # a range's widget suffix
        (["created_before"], True),
        (["statusx"], False),  # starts with a name, without the "_": another parameter
        (["state"], False),
    ],
)
def test_names_a_filter(keys, expected):
    assert names_a_filter(Sample, dict.fromkeys(keys, "1")) is expected


def test_a_required_filter_always_builds_the_form():
    assert names_a_filter(Required, {}) is True


@pytest.mark.usefixtures("demo_areas")
def test_a_bad_filter_value_is_still_a_400(api_client):
    response = api_client.get(URL, {"located": "maybe"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Parameter located:")


@pytest.mark.usefixtures("demo_areas")
def test_the_first_page_counts_with_the_same_statement(api_client):
    inside = [factories.case(title=f"sisällä {i}", geometry=factories.at(i * 10, 0)) for i in range(3)]
    factories.case(title="ulkona", geometry=factories.at(5000, 5000))
    bbox = ",".join(f"{v:.6f}" for v in _lonlat_box(inside))
    with CaptureQueriesContext(connection) as queries:
        page = api_client.get(URL, {"bbox": bbox, "page_size": "2"}).json()
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1
    # What Django sends for the list's own count (bbox filter, no feature): no JSON built in it.
    assert "json_build_object" not in counts[0].lower() and "jsonb_build_object" not in counts[0].lower()
    assert page["count"] == len(inside) and len(page["features"]) == 2 and page["next"]


def _lonlat_box(cases: list[Case]) -> tuple[float, float, float, float]:
    """A lon/lat box around `cases`, 1 m wider than their envelope on each side."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ("
            "  SELECT ST_Transform(ST_SetSRID(ST_Expand(ST_Extent(geometry), 1)::geometry, 3067), 4326) e FROM cases_case WHERE id = ANY(%s)"
            ") s",
            [[c.pk for c in cases]],
        )
        return cursor.fetchone()


@pytest.mark.usefixtures("demo_areas")
def test_a_first_page_read_again_a_second_later_is_a_304(api_client):
    """Its `next` cursor carried the second it was signed in, so the body and ETag changed every second."""
    for i in range(3):
        factories.case(title=f"asia {i}", geometry=factories.at(i * 10, 0))
    first = api_client.get(URL, {"page_size": "2"})
    time.sleep(1.1)
    again = api_client.get(URL, {"page_size": "2"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert first.status_code == 200 and first.json()["next"]
    assert again.status_code == 304


@pytest.mark.usefixtures("demo_areas")
def test_the_etag_still_changes_with_the_content(api_client):
    for i in range(3):
        factories.case(title=f"asia {i}", geometry=factories.at(i * 10, 0))
    first = api_client.get(URL, {"page_size": "2"})
    factories.case(title="uusi", geometry=factories.at(40, 0))
    again = api_client.get(URL, {"page_size": "2"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"] and again.json()["count"] == 4


@pytest.mark.usefixtures("demo_areas")
def test_a_cursor_signed_with_a_timestamp_still_works(api_client):
    """Links given before the cursors lost their timestamp lead to the same page."""
    for i in range(3):
        factories.case(title=f"asia {i}", geometry=factories.at(i * 10, 0))
    link = api_client.get(URL, {"page_size": "2"}).json()["next"]
    cursor = parse_qs(urlsplit(link).query)["cursor"][0]
    payload = signing.Signer(salt=keyset._SALT).unsign_object(cursor)
    old = signing.dumps(payload, salt=keyset._SALT, compress=True)
    assert old != cursor
    by_old = api_client.get(URL, {"page_size": "2", "cursor": old})
    by_new = api_client.get(URL, {"page_size": "2", "cursor": cursor})
    assert by_old.status_code == 200 and by_old.json() == by_new.json() and len(by_new.json()["features"]) == 1


@pytest.mark.usefixtures("demo_areas")
def test_a_tampered_cursor_is_still_a_400(api_client):
    factories.case(title="asia", geometry=factories.at(0, 0))
    forged = signing.Signer(salt="another").sign_object({"o": "x", "k": [1], "d": "n"}, compress=True)
    response = api_client.get(URL, {"cursor": forged})
    assert response.status_code == 400
    assert response.json()["detail"] == str(keyset.MSG_CURSOR_INVALID)


def _planner_settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')")
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)  # autocommit, as a request runs: the page's transaction ends with it
@pytest.mark.usefixtures("demo_areas")
def test_the_page_statement_runs_without_jit_or_parallel_workers_and_the_settings_end_with_it(api_client):
    before = _planner_settings()
    assert before != ("off", "0")  # else the test could not tell
    for i in range(3):
        factories.case(title=f"asia {i}", geometry=factories.at(i * 10, 0))
    with CaptureQueriesContext(connection) as queries:
        page = api_client.get(URL, {"page_size": "2"}).json()
    sent = [q["sql"] for q in queries.captured_queries]
    page_at = next(i for i, sql in enumerate(sent) if "json_build_object" in sql.lower())
    # The settings go in the same transaction just before the page's statement (set_config(..., true): local).
    assert "set_config('jit', 'off', true)" in sent[page_at - 1]
    assert "set_config('max_parallel_workers_per_gather', '0', true)" in sent[page_at - 1]
    assert len(page["features"]) == 2
    assert _planner_settings() == before
