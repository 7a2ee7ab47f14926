"""Proposals and projects as located content: the area index, the shared filters, the summary."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Point
from django.utils import timezone

from areas.geometry import GeometryError
from areas.models import Area, AreaMembership
from budgeting import selectors as budgeting_selectors
from budgeting import services
from budgeting.models import Project, Proposal

from .conftest import CENTRAL_STATION, ITAKESKUS, point, set_phase, suurpiiri

PROPOSALS = "/api/v1/budgeting/proposals/"
PROJECTS = "/api/v1/budgeting/projects/"
OSTERSUNDOM = (25.19, 60.25)


def metres_east(lonlat, metres: float) -> Point:
    """A point `metres` due east of `lonlat`, built in EPSG:3067."""
    p = point(lonlat).transform(3067, clone=True)
    return Point(p.x + metres, p.y, srid=3067)


@pytest.fixture
def open_round(budget_round):
    return set_phase(budget_round, "proposals")


@pytest.fixture
def propose(open_round, make_user):
    author = make_user()

    def _make(title, **place):
        return services.proposal_create(
            round=open_round, author=author, title=title, description="Kuvaus.", today=timezone.localdate(), **place
        )

    return _make


def index_of(item):
    content_type = ContentType.objects.get_for_model(type(item))
    return {
        (m.division.slug, m.area.code, m.covers)
        for m in AreaMembership.objects.filter(content_type=content_type, object_id=item.pk).select_related("area", "division")
    }


class TestAreaIndex:
    def test_a_point_lies_in_one_area_of_every_division(self, propose):
        proposal = propose("Penkit", location=point(CENTRAL_STATION))
        rows = index_of(proposal)
        assert {slug for slug, _code, _covers in rows} == {"suurpiiri", "peruspiiri", "osa-alue"}
        assert ("suurpiiri", "1", True) in rows
        assert Proposal.objects.within_area(suurpiiri("1")).get() == proposal

    def test_an_area_without_a_point_concerns_the_whole_area(self, propose):
        """Östersundom counts with Itäinen, but the proposal lies in Östersundom itself."""
        proposal = propose("Uimaranta", area=suurpiiri("8"))
        assert proposal.area.code == "7" and proposal.location is None
        rows = index_of(proposal)
        assert ("suurpiiri", "8", True) in rows
        assert ("suurpiiri", "7", True) not in rows

    def test_all_helsinki_without_a_point_is_in_no_area(self, propose):
        assert index_of(propose("Koko kaupunki", all_helsinki=True)) == set()

    def test_a_refused_proposal_leaves_no_index_rows(self, propose):
        with pytest.raises(GeometryError) as exc:
            propose("Espoo", location=point((24.6559, 60.2055)))
        assert str(exc.value) == str(budgeting_selectors.MSG_OUTSIDE_HELSINKI)
        assert not Proposal.objects.exists()
        assert not AreaMembership.objects.filter(content_type=ContentType.objects.get_for_model(Proposal)).exists()


class TestProposalFilters:
    def test_near_and_radius_in_metres(self, api_client, propose):
        """300 m and 700 m east of the station; a 500 m radius keeps only the first.
        At 60° N a degree of longitude is ~55.6 km: a filter in degrees would be far off."""
        close = propose("Lähellä", location=metres_east(CENTRAL_STATION, 300))
        far = propose("Kauempana", location=metres_east(CENTRAL_STATION, 700))
        propose("Itäkeskus", location=point(ITAKESKUS))
        query = {"near": f"{CENTRAL_STATION[1]},{CENTRAL_STATION[0]}"}
        body = api_client.get(PROPOSALS, {**query, "radius": 500}).json()
        assert [f["id"] for f in body["features"]] == [close.pk]
        assert abs(body["features"][0]["properties"]["distance_m"] - 300) < 1
        nearest_first = api_client.get(PROPOSALS, {**query, "radius": 1000}).json()["features"]
        assert [f["id"] for f in nearest_first] == [close.pk, far.pk]
        assert abs(nearest_first[1]["properties"]["distance_m"] - 700) < 1

    def test_division_area_within_and_budget_area(self, api_client, propose):
        south = propose("Etelä", location=point(CENTRAL_STATION))
        east = propose("Itä", location=point(OSTERSUNDOM))
        propose("Kaikki", all_helsinki=True)

        def ids(**query):
            response = api_client.get(PROPOSALS, query)
            assert response.status_code == 200, response.json()
            return {f["id"] for f in response.json()["features"]}

        assert ids(division="suurpiiri", area="1") == {south.pk}
        assert ids(division="suurpiiri", area="1,8") == {south.pk, east.pk}
        assert ids(area=str(suurpiiri("8").pk)) == {east.pk}
        assert ids(within=str(suurpiiri("7").pk)) == set()
        # The budget area applies the merge: Östersundom's proposal is Itäinen's.
        assert ids(budget_area=str(suurpiiri("7").pk)) == {east.pk}
        assert ids(all_helsinki="true") == ids() - {south.pk, east.pk}
        assert ids(bbox="24.93,60.16,24.95,60.18") == {south.pk}
        assert ids(located="false") == ids(all_helsinki="true")

    def test_full_text_in_finnish_and_ordering(self, api_client, propose):
        gym = propose("Ulkokuntosali rantaan", location=point(CENTRAL_STATION))
        propose("Kirjaston aukioloajat", location=point(ITAKESKUS))
        body = api_client.get(PROPOSALS, {"q": "ulkokuntosalit"}).json()
        assert [f["id"] for f in body["features"]] == [gym.pk]
        titles = [f["properties"]["title"] for f in api_client.get(PROPOSALS, {"ordering": "title"}).json()["features"]]
        assert titles == sorted(titles)

    def test_geojson_pages_and_srid(self, api_client, propose):
        for n in range(3):
            propose(f"Ehdotus {n}", location=point(CENTRAL_STATION))
        body = api_client.get(PROPOSALS, {"page_size": 2, "srid": "3067"}).json()
        assert body["type"] == "FeatureCollection" and len(body["features"]) == 2 and body["next"]
        x, y = body["features"][0]["geometry"]["coordinates"]
        assert 380_000 < x < 400_000 and 6_660_000 < y < 6_690_000

    @pytest.mark.parametrize(
        "query, message",
        [
            ({"near": "60.17,24.94", "radius": "-1"}, "radius"),
            ({"division": "nope", "area": "1"}, "Unknown division"),
            ({"ordering": "author"}, "is not one of"),
            ({"budget_area": "abc"}, "budget_area"),
            ({"status": "lost"}, "status"),
        ],
    )
    def test_bad_filters_are_400(self, api_client, open_round, query, message):
        response = api_client.get(PROPOSALS, query)
        assert response.status_code == 400 and message in response.json()["detail"]


class TestProjectFilters:
    def test_near_metres_cost_and_map_points(self, api_client, budget_round, make_project):
        placed = services.project_create(
            round=budget_round, title="Leikkipuisto", description=".", cost=50_000,
            location=metres_east(CENTRAL_STATION, 250),
        )  # fmt: skip
        area_only = make_project(area_code="3", title="Kirjasto", cost=300_000)
        near = {"near": f"{CENTRAL_STATION[1]},{CENTRAL_STATION[0]}", "radius": 400}
        body = api_client.get(PROJECTS, near).json()
        assert [f["id"] for f in body["features"]] == [placed.pk]
        assert abs(body["features"][0]["properties"]["distance_m"] - 250) < 1
        assert [f["id"] for f in api_client.get(PROJECTS, {"min_cost": 100_000}).json()["features"]] == [area_only.pk]
        plain = {f["id"]: f for f in api_client.get(PROJECTS).json()["features"]}
        assert plain[area_only.pk]["geometry"] is None
        on_map = {f["id"]: f for f in api_client.get(PROJECTS, {"map_points": "true"}).json()["features"]}
        lon, lat = on_map[area_only.pk]["geometry"]["coordinates"]
        assert Area.objects.get(pk=suurpiiri("3").pk).geometry.transform(4326, clone=True).covers(Point(lon, lat, srid=4326))
        assert on_map[placed.pk]["properties"]["status_label"] == "not in the vote yet"

    def test_area_summary_counts_proposals_and_projects(self, api_client, propose, make_project):
        propose("Etelä", location=point(CENTRAL_STATION))
        make_project(area_code="1", title="Etelän hanke")
        counts = api_client.get(f"/api/v1/areas/{suurpiiri('1').pk}/summary/").json()["counts"]
        assert counts["budget_proposals"]["total"] == 1 and counts["budget_proposals"]["by_status"] == {"submitted": 1}
        assert counts["budget_projects"]["within"] == 1
        assert counts["budget_projects"]["by_implementation_status"] == {"not_started": 1}
        assert Project.objects.in_areas([suurpiiri("7")]).count() == 0
