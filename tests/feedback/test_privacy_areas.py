"""Everything public about a feedback request is a function of its published point
(the centre of its 250 m cell), never of the exact point; the exact point routes."""

from __future__ import annotations

import math

import pytest
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.management import call_command

from areas.located import located_refresh_areas
from areas.models import Area, DivisionType
from feedback import services as feedback_services
from feedback.models import PUBLIC_GRID_M, FeedbackRequest, RoutingRule

from .conftest import CENTRAL_STATION, KALLIO, point

SRID = settings.PROJECTION_SRID
HALF = PUBLIC_GRID_M / 2


def cell_centre(x: float, y: float) -> tuple[float, float]:
    """The centre of the grid cell holding (x, y): cells are [n·g, (n+1)·g) with the origin at 0."""
    return (math.floor(x / PUBLIC_GRID_M) * PUBLIC_GRID_M + HALF, math.floor(y / PUBLIC_GRID_M) * PUBLIC_GRID_M + HALF)


def suurpiiri_at(x: float, y: float) -> Area | None:
    return Area.objects.filter(division__slug="suurpiiri", geometry__covers=Point(x, y, srid=SRID)).first()


def straddling_cell() -> tuple[Point, Point, Area, Area]:
    """An exact point and its cell's centre in two different suurpiirit (Eteläinen and Keskinen
    meet between the central station and Kallio), both inside the city."""
    start, end = (point(p).transform(SRID, clone=True) for p in (CENTRAL_STATION, KALLIO))
    steps = int(start.distance(end) / 50)
    offsets = [(dx, dy) for dx in (-110, 0, 110) for dy in (-110, 0, 110) if dx or dy]
    for i in range(steps + 1):
        cx, cy = cell_centre(start.x + (end.x - start.x) * i / steps, start.y + (end.y - start.y) * i / steps)
        centre_area = suurpiiri_at(cx, cy)
        for dx, dy in offsets:
            exact_area = suurpiiri_at(cx + dx, cy + dy)
            if centre_area and exact_area and exact_area != centre_area:
                return Point(cx + dx, cy + dy, srid=SRID), Point(cx, cy, srid=SRID), exact_area, centre_area
    raise AssertionError("no cell on the Eteläinen–Keskinen boundary")


def areas_covering(p: Point) -> set[tuple[str, str]]:
    return {(a.division.slug, a.code) for a in Area.objects.filter(geometry__covers=p).select_related("division")}


def square(x: float, y: float, side: float) -> MultiPolygon:
    h = side / 2
    return MultiPolygon(Polygon.from_bbox((x - h, y - h, x + h, y + h)), srid=SRID)


def resident_areas(**shapes: MultiPolygon) -> dict[str, Area]:
    """Approved resident areas (Areas of the division asukasalue), indexed as approval indexes them."""
    division = DivisionType.objects.get(slug="asukasalue")
    made = {code: Area.objects.create(division=division, code=code, name=code, geometry=g) for code, g in shapes.items()}
    located_refresh_areas(areas=list(made.values()))
    return made


def file_at(p: Point, services, code: str = "171") -> FeedbackRequest:
    return feedback_services.feedback_create(service=services[code], description="A pothole in the road here.", point=p)


def summary(api_client, area: Area) -> dict:
    return api_client.get(f"/api/v1/areas/{area.pk}/summary/").json()["counts"]["feedback"]


def choropleth(api_client, division: str) -> dict[str, int | None]:
    body = api_client.get(f"/api/v1/feedback/areas/?division={division}").json()
    return {f["properties"]["code"]: f["properties"]["feedback_count"] for f in body["features"]}


def listed(api_client, query: str) -> set[int]:
    return {int(r["service_request_id"]) for r in api_client.get(f"/api/v1/open311/requests.json?{query}").json()}


class TestCellOnABoundary:
    def test_public_output_names_only_the_areas_of_the_published_point(self, api_client, helsinki, services):
        exact, centre, exact_area, centre_area = straddling_cell()
        request = file_at(exact, services)
        implied = areas_covering(centre)
        assert ("suurpiiri", centre_area.code) in implied and ("suurpiiri", exact_area.code) not in implied

        shown = api_client.get(f"/api/v1/open311/requests/{request.pk}.json").json()[0]
        assert {(a["division"], a["code"]) for a in shown["areas"]} == implied
        assert request.pk in listed(api_client, f"division=suurpiiri&area={centre_area.code}")
        assert request.pk not in listed(api_client, f"division=suurpiiri&area={exact_area.code}")
        assert request.pk not in listed(api_client, f"area={exact_area.pk}")
        counts = choropleth(api_client, "suurpiiri")
        assert counts[centre_area.code] == 1 and counts[exact_area.code] == 0
        assert summary(api_client, centre_area)["total"] == 1
        assert summary(api_client, exact_area) == {"total": 0, "within": 0, "by_status": {}}
        rows = api_client.get("/api/v1/participation/areas/?division=suurpiiri").json()["areas"]
        feedback = {row["code"]: row["feedback"] for row in rows}
        assert feedback[centre_area.code] == 1 and feedback[exact_area.code] == 0

    def test_the_exact_point_still_routes(self, helsinki, services, sectors):
        exact, _centre, exact_area, centre_area = straddling_cell()
        RoutingRule.objects.create(service=services["171"], area=exact_area, sector=sectors["kasko"])
        RoutingRule.objects.create(service=services["171"], area=centre_area, sector=sectors["kuva"])
        request = file_at(exact, services)
        assert request.sector == sectors["kasko"]
        assert exact_area in request.luotsi.areas.all()


class TestTwoSquares:
    """The issue's attack: two approved 60 m × 60 m resident areas, one around the exact point and
    one around the cell's centre. Public output must be the same whatever the exact point is."""

    def test_the_square_around_the_exact_point_looks_like_any_empty_square(self, api_client, helsinki, services):
        centre = point(KALLIO).transform(SRID, clone=True)
        cx, cy = cell_centre(centre.x, centre.y)
        exact = Point(cx + 90, cy + 90, srid=SRID)  # in the cell, 127 m from its centre
        request = file_at(exact, services)
        made = resident_areas(
            around_exact=square(exact.x, exact.y, 60),
            around_centre=square(cx, cy, 60),
            # The same square mirrored through the centre: nobody's exact point is there.
            control=square(cx - 90, cy - 90, 60),
        )
        shown = api_client.get(f"/api/v1/open311/requests/{request.pk}.json").json()[0]
        names = {a["code"] for a in shown["areas"] if a["division"] == "asukasalue"}
        assert names == {"around_centre"}
        assert summary(api_client, made["around_exact"]) == summary(api_client, made["control"])
        counts = choropleth(api_client, "asukasalue")
        assert counts["around_exact"] == counts["control"] == 0
        assert listed(api_client, f"area={made['around_exact'].pk}") == listed(api_client, f"area={made['control'].pk}")
        # The square around the centre holds 1 request, fewer than k in an area of one cell: withheld.
        assert counts["around_centre"] is None
        assert summary(api_client, made["around_centre"])["total"] is None


class TestSmallAreaThreshold:
    """Counts of 1..k−1 are withheld in areas smaller than SMALL_AREA_CELLS cells, shown elsewhere."""

    @pytest.fixture
    def squares(self, helsinki) -> tuple[tuple[float, float], dict[str, Area]]:
        centre = point(KALLIO).transform(SRID, clone=True)
        cx, cy = cell_centre(centre.x, centre.y)
        limit_side = math.sqrt(settings.SMALL_AREA_CELLS) * PUBLIC_GRID_M  # its surface is the limit
        return (cx, cy), resident_areas(
            below=square(cx, cy, limit_side - 1), at=square(cx, cy, limit_side), above=square(cx, cy, limit_side + 1)
        )

    def test_k_minus_1_k_and_k_plus_1(self, api_client, services, squares):
        (cx, cy), made = squares
        k = settings.SMALL_AREA_MIN_COUNT
        for _ in range(k - 1):
            file_at(Point(cx + 10, cy - 10, srid=SRID), services)
        expected = {k - 1: {"below": None, "at": k - 1, "above": k - 1}, k: {"below": k, "at": k, "above": k}}
        expected[k + 1] = {"below": k + 1, "at": k + 1, "above": k + 1}
        for n in (k - 1, k, k + 1):
            if n > k - 1:
                file_at(Point(cx - 20, cy + 30, srid=SRID), services)
            counts = choropleth(api_client, "asukasalue")
            assert {code: counts[code] for code in made} == expected[n], n
            assert {code: summary(api_client, a)["total"] for code, a in made.items()} == expected[n], n

    def test_zero_is_shown_in_a_small_area(self, api_client, squares):
        _centre, made = squares
        assert choropleth(api_client, "asukasalue")["below"] == 0

    def test_a_model_published_exactly_is_never_withheld(self):
        from areas.located import published_count
        from cases.models import Case

        assert published_count(model=Case, count=1, surface_m2=1.0) == 1
        assert published_count(model=FeedbackRequest, count=1, surface_m2=1.0) is None


def test_in_the_demo_no_public_output_names_an_area_the_published_point_does_not_imply(api_client, demo_areas):
    call_command("load_demo_feedback", verbosity=0)
    shown = api_client.get("/api/v1/open311/requests.json").json()
    assert len(shown) == FeedbackRequest.objects.count() > 100
    wrong = []
    expected: dict[str, int] = {}
    for item in shown:
        published = Point(item["long"], item["lat"], srid=4326).transform(SRID, clone=True)
        implied = areas_covering(published)
        if {(a["division"], a["code"]) for a in item["areas"]} != implied:
            wrong.append(item["service_request_id"])
        for division, code in implied:
            if division == "osa-alue":
                expected[code] = expected.get(code, 0) + 1
    assert wrong == []
    # The counts per area are those of the published points too (osa-alueet are far larger than 4 cells).
    counts = {code: n for code, n in choropleth(api_client, "osa-alue").items() if n}
    assert counts == expected
