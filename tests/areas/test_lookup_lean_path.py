"""The lookup's lean path (geo_osallisuus/lean.py) answers exactly as the DRF view it stands in for.

Each plain request is asked twice: as it is (the lean path) and with `format=json`
(which the lean path hands to the DRF view, whose JSON renderer gives the same
body). Status, body bytes and headers must match; the ETag too, as it is the body's.
`Vary` names the same headers (it is a set; the order may differ), except one
difference on purpose: DRF's authentication reads the session of every request
(SessionMiddleware then adds `Vary: Cookie`), the lean path does not. A 200
gets `Cookie` from the API's cache headers either way; a 400 is not cacheable.
"""

import pytest
from django.db import connection
from rest_framework.views import APIView

from areas.api.lookup import MSG_OUTSIDE_HELSINKI
from geo_osallisuus.lean import JSON_ACCEPTS, is_plain

pytestmark = pytest.mark.usefixtures("demo_areas")

URL = "/api/v1/lookup/"
CENTRAL_STATION = {"lat": "60.1699", "lon": "24.9384"}
ESPOO_CENTRE = {"lat": "60.2055", "lon": "24.6559"}
# Headers an answer's cache, browser or script may act on: every one must be the same.
COMPARED = (
    "Content-Type", "Vary", "Allow", "Cache-Control", "ETag", "Content-Language", "Content-Security-Policy",
    "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
)  # fmt: skip


def boundary_vertex() -> dict:
    """A corner of an osa-alue's boundary that is also on its neighbour's, exactly, in EPSG:3067."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(v.geom), ST_Y(v.geom) FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id, "
            "LATERAL ST_DumpPoints(a.geometry) v WHERE d.slug = 'osa-alue' AND ("
            "  SELECT count(*) FROM areas_area b WHERE b.division_id = a.division_id AND ST_Covers(b.geometry, v.geom)"
            ") >= 2 ORDER BY a.code LIMIT 1"
        )
        x, y = cursor.fetchone()
    return {"x": repr(x), "y": repr(y), "srid": "3067"}


def both(client, query: dict, **headers):
    lean = client.get(URL, query, **headers)
    drf = client.get(URL, {**query, "format": "json"}, **headers)
    return lean, drf


def vary(response) -> set[str]:
    return {name.strip() for name in response.get("Vary", "").split(",") if name.strip()}


def assert_same(lean, drf):
    assert lean.status_code == drf.status_code
    assert lean.content == drf.content
    for name in COMPARED:
        if name != "Vary":
            assert lean.get(name) == drf.get(name), name
    if lean.status_code == 200:
        assert vary(lean) == vary(drf)
    else:
        assert vary(lean) == vary(drf) - {"Cookie"} and "Cookie" in vary(drf)


def drf_dispatches(monkeypatch) -> list:
    """The requests DRF's APIView started on (its `initial` runs for every request it dispatches)."""
    seen = []
    original = APIView.initial

    def initial(self, request, *args, **kwargs):
        seen.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "initial", initial)
    return seen


class TestParity:
    def test_a_point_in_areas(self, client):
        lean, drf = both(client, CENTRAL_STATION)
        assert lean.status_code == 200 and [a["division"] for a in lean.json()["areas"]] == [
            "suurpiiri", "peruspiiri", "osa-alue",
        ]  # fmt: skip
        assert_same(lean, drf)

    @pytest.mark.parametrize("language, message", [("fi", "Piste ei ole Helsingin alueella."), ("sv", "Punkten ligger inte i Helsingfors.")])
    def test_a_point_in_no_area(self, client, language, message):
        lean, drf = both(client, ESPOO_CENTRE, HTTP_ACCEPT_LANGUAGE=language)
        assert lean.status_code == 200
        assert lean.json()["message"] == message and lean.json()["areas"] == []
        assert_same(lean, drf)

    def test_the_english_message_is_the_msgid(self, client):
        lean, drf = both(client, ESPOO_CENTRE, HTTP_ACCEPT_LANGUAGE="en")
        assert lean.json()["message"] == str(MSG_OUTSIDE_HELSINKI)
        assert_same(lean, drf)

    def test_a_point_on_a_boundary_is_in_both_areas(self, client):
        lean, drf = both(client, boundary_vertex())
        osa_alueet = [a for a in lean.json()["areas"] if a["division"] == "osa-alue"]
        assert len(osa_alueet) >= 2
        assert_same(lean, drf)

    @pytest.mark.parametrize("srid", ["4326", "3067", "3879", "3857", "EPSG:3067"])
    def test_every_allowed_srid(self, client, srid):
        from django.contrib.gis.geos import Point

        point = Point(385722.6, 6672094.4, srid=3067).transform(int(srid.split(":")[-1]), clone=True)
        lean, drf = both(client, {"x": repr(point.x), "y": repr(point.y), "srid": srid})
        assert lean.status_code == 200 and lean.json()["inside_helsinki"] is True
        assert_same(lean, drf)

    @pytest.mark.parametrize(
        "query, language, message",
        [
            ({"lat": "abc", "lon": "24.9"}, "en", "Parameter lat must be a number, not 'abc'."),
            ({"lat": "90.000001", "lon": "24.9"}, "en", "Parameter lat must be between -90 and 90, not 90.000001."),
            ({"lat": "nan", "lon": "24.9"}, "fi", None),
            ({"lat": "60.1"}, "sv", None),
            ({}, "en", "Give either lat and lon, or x and y (with srid)."),
            ({"x": "385722", "y": "6672094", "srid": "2393"}, "en", None),
            ({"x": "385722", "y": "6672094", "srid": "0"}, "fi", None),
            ({"x": "385722", "y": "6672094", "srid": "/etc/passwd"}, "en", None),
            ({"x": "385722", "y": "6672094"}, "en", None),
            ({"x": "1e300", "y": "1e300", "srid": "3067"}, "sv", None),
        ],
    )
    def test_bad_input_is_the_same_400(self, client, query, language, message):
        lean, drf = both(client, query, HTTP_ACCEPT_LANGUAGE=language)
        assert lean.status_code == 400 and set(lean.json()) == {"detail"}
        if message is not None:
            assert lean.json()["detail"] == message
        assert_same(lean, drf)

    def test_the_400_is_in_the_persons_language(self, client):
        lean, drf = both(client, {"lat": "abc", "lon": "24.9"}, HTTP_ACCEPT_LANGUAGE="fi")
        assert lean.json()["detail"] == "Parametrin lat on oltava luku, ei 'abc'."
        assert_same(lean, drf)

    def test_head(self, client):
        lean = client.head(URL, CENTRAL_STATION)
        drf = client.head(URL, {**CENTRAL_STATION, "format": "json"})
        assert lean.status_code == drf.status_code == 200 and lean.content == b""
        assert_same(lean, drf)

    def test_a_revalidation_is_the_same_304(self, client):
        etag = client.get(URL, CENTRAL_STATION)["ETag"]
        lean, drf = both(client, CENTRAL_STATION, HTTP_IF_NONE_MATCH=etag)
        assert lean.status_code == drf.status_code == 304

    def test_a_signed_in_person_gets_the_same_private_answer(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user(username="reader", password="x-unused-x"))
        lean, drf = both(client, CENTRAL_STATION)
        assert "private" in lean["Cache-Control"]
        assert_same(lean, drf)


class TestWhoAnswers:
    @pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/*", "application/json, */*"])
    def test_a_plain_read_is_answered_without_drf(self, client, monkeypatch, accept):
        seen = drf_dispatches(monkeypatch)
        headers = {} if accept is None else {"HTTP_ACCEPT": accept}
        response = client.get(URL, CENTRAL_STATION, **headers)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert seen == []

    def test_a_bad_point_is_answered_without_drf(self, client, monkeypatch):
        seen = drf_dispatches(monkeypatch)
        assert client.get(URL, {"lat": "abc", "lon": "1"}).status_code == 400
        assert seen == []

    def test_a_bad_token_is_still_refused(self, client, monkeypatch):
        seen = drf_dispatches(monkeypatch)
        response = client.get(URL, CENTRAL_STATION, HTTP_AUTHORIZATION="Token geo_not-a-token")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert seen == [URL]

    def test_the_browsable_api_still_answers_html(self, client):
        response = client.get(URL, CENTRAL_STATION, HTTP_ACCEPT="text/html")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")

    def test_an_indent_asked_for_is_honoured(self, client):
        response = client.get(URL, CENTRAL_STATION, HTTP_ACCEPT="application/json; indent=2")
        assert response.status_code == 200 and response.content.startswith(b'{\n  "point"')

    def test_an_unknown_media_type_is_still_a_406(self, client):
        assert client.get(URL, CENTRAL_STATION, HTTP_ACCEPT="application/xml").status_code == 406

    def test_other_methods_are_still_drfs(self, client):
        # IsAuthenticatedOrReadOnly refuses an anonymous write before the method is looked at.
        post = client.post(URL, CENTRAL_STATION)
        assert post.status_code == 403 and post.json() == {"detail": "Authentication credentials were not provided."}
        options = client.options(URL)
        assert options.status_code == 200 and options.json()["name"] == "Area Lookup"


class TestIsPlain:
    """The rule at its limits, on Django's own requests."""

    @pytest.fixture
    def rf(self):
        from django.test import RequestFactory

        return RequestFactory()

    @pytest.mark.parametrize("accept", sorted(JSON_ACCEPTS))
    def test_each_json_accept_is_plain(self, rf, accept):
        assert is_plain(rf.get(URL, HTTP_ACCEPT=accept))

    @pytest.mark.parametrize(
        "accept", ["", "text/html", "application/json;q=0.9", "application/json; indent=4", "application/xml", "*/*, text/html"]
    )
    def test_any_other_accept_is_not(self, rf, accept):
        assert not is_plain(rf.get(URL, HTTP_ACCEPT=accept))

    def test_no_accept_is_plain_and_head_too(self, rf):
        assert is_plain(rf.get(URL)) and is_plain(rf.head(URL))

    def test_credentials_format_and_unsafe_methods_are_not(self, rf):
        assert not is_plain(rf.get(URL, HTTP_AUTHORIZATION="Basic eDp5"))
        assert not is_plain(rf.get(URL, {"format": "json"}))
        assert not is_plain(rf.post(URL))
        assert not is_plain(rf.options(URL))


def test_the_schema_still_documents_the_lookup(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    operation = paths["/api/v1/lookup/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"lat", "lon", "x", "y", "srid"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Lookup"}
