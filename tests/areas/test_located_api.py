"""The shared located filters, through /api/v1/cases/ and /api/v1/spaces/, on real PostGIS."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point

from areas.models import Area
from cases.models import Case
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")

NEAR_STATION = "60.1699,24.9384"


def get(api_client, url, **query):
    return api_client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f["properties"]["title"] for f in response.json()["features"]]


class TestNear:
    """Distances are true metres, measured on the EPSG:3067 column at 60° N."""

    @pytest.fixture
    def ring(self, db):
        # Known EPSG:3067 offsets from the station: 900 m north, 989.9 m diagonal, 995 m east,
        # 1005 m east, 1131.4 m diagonal, and 1005 m north.
        for title, dx, dy in [
            ("north 900", 0, 900),
            ("diagonal 990", 700, 700),
            ("east 995", 995, 0),
            ("east 1005", 1005, 0),
            ("diagonal 1131", 800, 800),
            ("north 1005", 0, 1005),
        ]:
            factories.case(title=title, geometry=factories.at(dx, dy))
        factories.case(title="unlocated")

    def test_radius_keeps_only_items_within_it_nearest_first(self, api_client, ring):
        station = Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True)
        response = get(api_client, "/api/v1/cases/", near=NEAR_STATION, radius="1000")
        assert titles(response) == ["north 900", "diagonal 990", "east 995"]
        # The distances agree with the 3067 geometry to a decimetre, whatever the direction:
        # a degree of longitude is half a degree of latitude here, and that does not matter.
        for feature in response.json()["features"]:
            point = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326).transform(3067, clone=True)
            assert feature["properties"]["distance_m"] == pytest.approx(point.distance(station), abs=0.2)

    def test_east_and_north_are_measured_alike(self, api_client, ring):
        # 1005 m east and 1005 m north are both outside 1000 m and inside 1010 m.
        inside = titles(get(api_client, "/api/v1/cases/", near=NEAR_STATION, radius="1010"))
        assert {"east 1005", "north 1005"} <= set(inside)
        assert "diagonal 1131" not in inside

    def test_near_without_radius_orders_every_located_item(self, api_client, ring):
        result = titles(get(api_client, "/api/v1/cases/", near=NEAR_STATION))
        assert result[0] == "north 900" and result[-1] == "diagonal 1131" and "unlocated" not in result

    def test_spaces_share_the_filter(self, api_client):
        factories.space("Lähellä", factories.at(300, 0))
        factories.space("Kaukana", factories.at(3000, 0))
        response = get(api_client, "/api/v1/spaces/", near=NEAR_STATION, radius="1000")
        assert [f["properties"]["name_fi"] for f in response.json()["features"]] == ["Lähellä"]


class TestAreas:
    @pytest.fixture
    def two_cases(self, db):
        factories.case(title="station", geometry=factories.STATION_3067)
        factories.case(title="far east", geometry=factories.at(14000, 5000))

    def station_area(self, slug) -> Area:
        return Area.objects.filter(division__slug=slug, geometry__covers=factories.STATION_3067).get()

    def test_area_by_code_in_a_division(self, api_client, two_cases):
        osa = self.station_area("osa-alue")
        assert titles(get(api_client, "/api/v1/cases/", division="osa-alue", area=osa.code)) == ["station"]

    def test_area_by_id_and_several(self, api_client, two_cases):
        first = self.station_area("suurpiiri")
        other = Area.objects.filter(division__slug="suurpiiri", geometry__covers=factories.at(14000, 5000)).get()
        assert titles(get(api_client, "/api/v1/cases/", area=str(first.pk))) == ["station"]
        both = titles(get(api_client, "/api/v1/cases/", area=f"{first.pk},{other.pk}"))
        assert sorted(both) == ["far east", "station"]

    def test_division_alone_keeps_items_inside_it(self, api_client, two_cases):
        factories.case(title="unlocated")
        assert sorted(titles(get(api_client, "/api/v1/cases/", division="peruspiiri"))) == ["far east", "station"]

    def test_within(self, api_client, two_cases):
        perus = self.station_area("peruspiiri")
        assert titles(get(api_client, "/api/v1/cases/", within=str(perus.pk))) == ["station"]

    def test_features_name_their_areas(self, api_client, two_cases):
        feature = get(api_client, "/api/v1/cases/", q="station").json()["features"][0]
        assert {a["division"] for a in feature["properties"]["areas"]} == {"suurpiiri", "peruspiiri", "osa-alue"}
        assert all(a["within"] for a in feature["properties"]["areas"])

    @pytest.mark.parametrize("language, field", [("sv", "name_sv"), ("en", "name_en"), ("fi", "name_fi")])
    def test_the_areas_of_a_list_are_those_of_the_item_in_the_asked_language(self, api_client, two_cases, language, field):
        """The areas come from PostgreSQL (areas_annotation), named in the language asked for."""
        listed = api_client.get("/api/v1/cases/", {"q": "station"}, HTTP_ACCEPT_LANGUAGE=language).json()["features"][0]
        single = api_client.get(f"/api/v1/cases/{listed['id']}/", HTTP_ACCEPT_LANGUAGE=language).json()
        expected = [
            {"id": a.pk, "division": a.division.slug, "code": a.code, "name": getattr(a, field) or a.name_fi, "within": True}
            for a in sorted(
                (self.station_area(slug) for slug in ("suurpiiri", "peruspiiri", "osa-alue")),
                key=lambda a: (a.division.level, a.division.slug, a.code),
            )
        ]
        assert listed["properties"]["areas"] == expected
        assert single["properties"]["areas"] == expected

    def test_summary_counts_what_lies_in_an_area(self, api_client, two_cases):
        factories.space("Asemantila", factories.at(10, 10), kind="library")
        area = self.station_area("suurpiiri")
        body = get(api_client, f"/api/v1/areas/{area.pk}/summary/").json()
        assert body["area"]["id"] == area.pk
        assert body["counts"]["cases"] == {"total": 1, "within": 1, "by_status": {"pending": 1}}
        assert body["counts"]["spaces"]["by_kind"] == {"library": 1}
        assert get(api_client, "/api/v1/areas/999999/summary/").status_code == 404


class TestBBox:
    @pytest.fixture
    def cases(self, db):
        factories.case(title="station", geometry=factories.STATION_3067)
        factories.case(title="east", geometry=factories.at(5000, 0))

    def test_lon_lat_box(self, api_client, cases):
        assert titles(get(api_client, "/api/v1/cases/", bbox="24.93,60.165,24.95,60.175")) == ["station"]

    def test_projected_box(self, api_client, cases):
        x, y = factories.STATION_3067.coords
        box = f"{x - 100},{y - 100},{x + 6000},{y + 100}"
        assert sorted(titles(get(api_client, "/api/v1/cases/", bbox=box, bbox_srid="3067"))) == ["east", "station"]

    def test_a_line_crossing_the_box_is_found(self, api_client):
        from django.contrib.gis.geos import LineString

        factories.case(title="line", geometry=LineString(factories.at(-2000, 0).coords, factories.at(2000, 0).coords, srid=3067))
        x, y = factories.STATION_3067.coords
        assert titles(get(api_client, "/api/v1/cases/", bbox=f"{x - 10},{y - 10},{x + 10},{y + 10}", bbox_srid="EPSG:3067")) == ["line"]


class TestSearch:
    @pytest.fixture
    def cases(self, db):
        factories.case(title="Kallion kirjaston peruskorjaus", geometry=factories.STATION_3067)
        factories.case(title="Asemakaavan muutos, Vallila")
        Case.objects.create(case_id="HEL 2025-100001", title_sv="Berghälls bibliotek renoveras", language="sv")

    def test_finnish_inflections_match(self, api_client, cases):
        assert titles(get(api_client, "/api/v1/cases/", q="kirjastot")) == ["Kallion kirjaston peruskorjaus"]

    def test_swedish_inflections_match(self, api_client, cases):
        response = get(api_client, "/api/v1/cases/", q="biblioteket")
        assert [f["properties"]["title_sv"] for f in response.json()["features"]] == ["Berghälls bibliotek renoveras"]

    def test_part_of_a_compound_matches(self, api_client, cases):
        assert titles(get(api_client, "/api/v1/cases/", q="kaava")) == ["Asemakaavan muutos, Vallila"]

    def test_nothing_matches(self, api_client, cases):
        assert titles(get(api_client, "/api/v1/cases/", q="uimahalli")) == []

    def test_search_in_spaces(self, api_client):
        factories.space("Kallion kirjasto", factories.at(0, 0), name_sv="Berghälls bibliotek")
        factories.space("Leikkipuisto Brahe", factories.at(10, 0))
        response = get(api_client, "/api/v1/spaces/", q="bibliotek")
        assert [f["properties"]["name_fi"] for f in response.json()["features"]] == ["Kallion kirjasto"]


class TestModelFields:
    @pytest.fixture
    def cases(self, db):
        from datetime import datetime, timezone

        factories.case(
            title="old decided",
            status=Case.Status.DECIDED,
            created=datetime(2023, 5, 1, tzinfo=timezone.utc),
            sector="Keskushallinto",
            sector_code="U50",
            classification_code="00 00 03",
        )
        factories.case(
            title="new pending",
            geometry=factories.STATION_3067,
            created=datetime(2025, 2, 1, tzinfo=timezone.utc),
            classification_code="10 03 03",
        )

    @pytest.mark.parametrize(
        "query, expected",
        [
            ({"status": "decided"}, ["old decided"]),
            ({"status": ["decided", "pending"]}, ["new pending", "old decided"]),
            ({"sector": "u50"}, ["old decided"]),
            ({"sector": "keskushallinto"}, ["old decided"]),
            ({"classification": "10 03"}, ["new pending"]),
            ({"located": "true"}, ["new pending"]),
            ({"located": "false"}, ["old decided"]),
            ({"location_source": "imported"}, ["new pending"]),
            ({"created_after": "2024-01-01"}, ["new pending"]),
            ({"created_before": "2023-05-01"}, ["old decided"]),
            ({"created_after": "2023-05-01", "created_before": "2023-05-01"}, ["old decided"]),
            ({"ordering": "created"}, ["old decided", "new pending"]),
            ({"ordering": "-created"}, ["new pending", "old decided"]),
        ],
    )
    def test_filters(self, api_client, cases, query, expected):
        assert titles(get(api_client, "/api/v1/cases/", **query)) == expected

    def test_case_id_in_either_spelling(self, api_client, cases):
        case_id = Case.objects.get(title_fi="old decided").case_id
        for value in (case_id, case_id.replace(" ", "-")):
            assert titles(get(api_client, "/api/v1/cases/", case_id=value)) == ["old decided"]
            assert get(api_client, f"/api/v1/cases/{value.replace(' ', '-')}/").json()["properties"]["case_id"] == case_id

    def test_space_fields(self, api_client):
        factories.space("Ilmainen", factories.at(0, 0), kind="library", is_free=True, self_service=True, capacity=50)
        factories.space("Maksullinen", factories.at(5, 0), kind="school", is_free=False, booking_url="https://varaamo.hel.fi/")
        names = lambda r: [f["properties"]["name_fi"] for f in r.json()["features"]]  # noqa: E731
        assert names(get(api_client, "/api/v1/spaces/", kind="library")) == ["Ilmainen"]
        assert names(get(api_client, "/api/v1/spaces/", is_free="false")) == ["Maksullinen"]
        assert names(get(api_client, "/api/v1/spaces/", self_service="1")) == ["Ilmainen"]
        assert names(get(api_client, "/api/v1/spaces/", bookable="true")) == ["Maksullinen"]
        assert names(get(api_client, "/api/v1/spaces/", min_capacity="40")) == ["Ilmainen"]


class TestOutput:
    def test_geojson_in_the_requested_srid_with_pages(self, api_client):
        for n in range(3):
            factories.case(title=f"case {n}", geometry=factories.at(n * 10, 0))
        first = get(api_client, "/api/v1/cases/", srid="3067", page_size="2").json()
        assert first["type"] == "FeatureCollection" and first["count"] == 3
        assert first["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"
        x, y = first["features"][0]["geometry"]["coordinates"]
        assert abs(x - factories.STATION_3067.x) < 100 and abs(y - factories.STATION_3067.y) < 100
        assert first["previous"] is None and "cursor=" in first["next"] and "srid=3067" in first["next"]
        second = api_client.get(first["next"]).json()
        assert len(second["features"]) == 1 and second["next"] is None and second["previous"]
        assert second["count"] is None and second["crs"] == first["crs"]

    def test_default_output_is_rfc7946_lon_lat(self, api_client):
        case = factories.case(title="station", geometry=factories.STATION_3067)
        body = get(api_client, f"/api/v1/cases/{case.pk}/").json()
        lon, lat = body["geometry"]["coordinates"]
        assert lon == pytest.approx(24.9384, abs=1e-4) and lat == pytest.approx(60.1699, abs=1e-4)
        assert "crs" not in body
        assert body["properties"]["locations"][0]["source"] == "imported"
        assert body["properties"]["ahjo_url"].endswith("/" + case.case_id.replace(" ", "-").lower())

    def test_unlocated_case_has_null_geometry(self, api_client):
        case = factories.case(title="nowhere")
        body = get(api_client, f"/api/v1/cases/{case.case_id.replace(' ', '-')}/").json()
        assert body["geometry"] is None and body["properties"]["is_located"] is False

    def test_unknown_case_is_404(self, api_client):
        assert get(api_client, "/api/v1/cases/HEL-2099-000001/").status_code == 404
        assert get(api_client, "/api/v1/cases/not-a-case/").status_code == 404


def test_the_schema_documents_every_shared_parameter(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    shared = {"division", "area", "within", "bbox", "bbox_srid", "near", "radius", "q", "ordering", "srid", "page", "page_size",
              "cursor"}  # fmt: skip
    for path, own in [
        ("/api/v1/cases/", {"status", "sector", "created_after", "created_before", "last_handled_after", "located"}),
        ("/api/v1/spaces/", {"kind", "is_free", "self_service", "bookable", "modified_after"}),
    ]:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert shared | own <= set(parameters), (shared | own) - set(parameters)
        assert all(parameters[name].get("description") for name in shared | own)
    assert "/api/v1/areas/{id}/summary/" in schema["paths"]
    # Cursor pages after the first have no count: the schema must allow null there.
    ref = schema["paths"]["/api/v1/cases/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    count = next(part for part in page["allOf"] if "count" in part.get("properties", {}))["properties"]["count"]
    assert count["nullable"] is True
