"""Proposals: the area from the place, refusals outside Helsinki, similar ones nearby, support, moderation."""

from datetime import date

import pytest
from django.db import IntegrityError
from django.utils import timezone

from budgeting import services
from budgeting.selectors import MSG_OUTSIDE_HELSINKI
from budgeting.models import Proposal, ProposalSupport

from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS

from .conftest import CENTRAL_STATION, ESPOO, ITAKESKUS, point, set_phase, suurpiiri

OSTERSUNDOM = (25.19, 60.25)
URL = "/api/v1/budgeting/proposals/"


@pytest.fixture
def open_round(budget_round):
    """Proposals open today."""
    return set_phase(budget_round, "proposals")


def propose(client, round, **body):
    data = {"round": round.pk, "title": "Outdoor gym", "description": "Bars and rings.", **body}
    return client.post(URL, data, format="json")


def geojson(lonlat):
    return {"type": "Point", "coordinates": list(lonlat)}


class TestCreate:
    def test_area_comes_from_the_location(self, api_client, open_round, make_user):
        api_client.force_authenticate(make_user())
        response = propose(api_client, open_round, location=geojson(CENTRAL_STATION))
        assert response.status_code == 201, response.json()
        feature = response.json()
        body = feature["properties"]
        assert body["budget_area"]["code"] == "1" and body["all_helsinki"] is False
        assert body["status"] == "submitted" and body["is_mine"] is True
        lon, lat = feature["geometry"]["coordinates"]
        assert abs(lon - CENTRAL_STATION[0]) < 1e-6 and abs(lat - CENTRAL_STATION[1]) < 1e-6
        assert "author" not in body

    def test_ostersundom_counts_as_itainen(self, api_client, open_round, make_user):
        api_client.force_authenticate(make_user())
        assert propose(api_client, open_round, location=geojson(OSTERSUNDOM)).json()["properties"]["budget_area"]["code"] == "7"

    def test_projected_input(self, api_client, open_round, make_user):
        api_client.force_authenticate(make_user())
        p = point(ITAKESKUS).transform(3879, clone=True)
        response = propose(api_client, open_round, location=geojson((p.x, p.y)), srid="EPSG:3879")
        assert response.json()["properties"]["budget_area"]["code"] == "7"

    def test_chosen_area_or_all_helsinki(self, api_client, open_round, make_user):
        api_client.force_authenticate(make_user())
        assert propose(api_client, open_round, area=suurpiiri("3").pk).json()["properties"]["budget_area"]["code"] == "3"
        body = propose(api_client, open_round, all_helsinki=True).json()["properties"]
        assert body["budget_area"] is None and body["all_helsinki"] is True

    def test_outside_helsinki_is_refused(self, api_client, open_round, make_user):
        api_client.force_authenticate(make_user())
        response = propose(api_client, open_round, location=geojson(ESPOO))
        assert response.status_code == 400
        assert response.json()["detail"] == str(MSG_OUTSIDE_HELSINKI)
        assert not Proposal.objects.exists()

    @pytest.mark.parametrize(
        "body, message",
        [
            ({}, "Give a location, an area, or all of Helsinki"),
            ({"area": "SUURPIIRI_1", "all_helsinki": True}, "only one of the area and all of Helsinki"),
            ({"location": {"type": "LineString", "coordinates": [[1, 2]]}}, "A location is a GeoJSON point"),
            ({"location": geojson(("a", 1))}, "A location is a GeoJSON point"),
            ({"location": geojson(CENTRAL_STATION), "srid": "2393"}, "Unsupported coordinate reference system"),
            ({"location": geojson((400, 95))}, "out of range for EPSG:4326"),
            ({"location": geojson(CENTRAL_STATION), "area": "SUURPIIRI_3"}, "not in the chosen area"),
        ],
    )
    def test_bad_input_is_a_400(self, api_client, open_round, make_user, body, message):
        for key, value in body.items():
            if isinstance(value, str) and value.startswith("SUURPIIRI_"):
                body[key] = suurpiiri(value.split("_")[1]).pk
        api_client.force_authenticate(make_user())
        response = propose(api_client, open_round, **body)
        assert response.status_code == 400
        assert message in str(response.json())
        assert not Proposal.objects.exists()

    def test_area_of_another_division_is_refused(self, api_client, open_round, make_user):
        from areas.models import Area

        api_client.force_authenticate(make_user())
        peruspiiri = Area.objects.filter(division__slug="peruspiiri").first()
        response = propose(api_client, open_round, area=peruspiiri.pk)
        assert response.status_code == 400 and "is not one of this round's budget areas" in response.json()["detail"]

    def test_signed_in_only(self, api_client, open_round):
        assert propose(api_client, open_round, all_helsinki=True).status_code in (401, 403)

    def test_closed_phase_is_refused(self, api_client, budget_round, make_user):
        budget_round.proposals_opens, budget_round.proposals_closes = date(2000, 1, 1), date(2000, 2, 1)
        budget_round.save()
        api_client.force_authenticate(make_user())
        response = propose(api_client, budget_round, all_helsinki=True)
        assert response.status_code == 400 and response.json()["detail"] == str(services.MSG_PROPOSALS_CLOSED)


class TestSimilar:
    def test_similar_titles_nearby_with_distance_in_metres(self, api_client, open_round, make_user):
        author = make_user()
        today = timezone.localdate()
        near = services.proposal_create(
            round=open_round, author=author, title="Outdoor gym by the sea", description=".",
            location=point((24.9400, 60.1700)), today=today,
        )  # fmt: skip
        services.proposal_create(
            round=open_round, author=author, title="Outdoor gym in Itäkeskus", description=".",
            location=point(ITAKESKUS), today=today,
        )  # fmt: skip
        services.proposal_create(
            round=open_round, author=author, title="Library opening hours", description=".",
            location=point((24.9390, 60.1699)), today=today,
        )  # fmt: skip
        query = {"round": open_round.pk, "title": "outdoor gym", "lat": CENTRAL_STATION[1], "lon": CENTRAL_STATION[0]}
        body = api_client.get(URL + "similar/", query).json()["features"]
        assert [p["id"] for p in body] == [near.pk]
        # ~90 m east of the station, measured on EPSG:3067
        assert 50 < body[0]["properties"]["distance_m"] < 150
        assert body[0]["properties"]["similarity"] >= 0.2
        wider = api_client.get(URL + "similar/", {**query, "radius": 10000}).json()["features"]
        assert len(wider) == 2

    @pytest.mark.parametrize(
        "query, message",
        [
            # A missing parameter is named as missing, not "a number, not None" ("ei None" in Finnish).
            ({"title": "x"}, "Parameter round is required."),
            ({"round": "0", "title": "gym"}, "Parameter round must be at least 1, not 0."),
            ({"round": "ROUND", "title": "ab"}, "at least 3 characters"),
            ({"round": "ROUND", "title": "gym", "lat": "60.1"}, "Parameter lon is required."),
            ({"round": "ROUND", "title": "gym", "radius": "-5"}, "Parameter radius must be between"),
        ],
    )
    def test_bad_input(self, api_client, open_round, query, message):
        query = {k: (open_round.pk if v == "ROUND" else v) for k, v in query.items()}
        response = api_client.get(URL + "similar/", query)
        assert response.status_code == 400 and message in response.json()["detail"]


class TestSupportAndModeration:
    @pytest.fixture
    def proposal(self, open_round, make_user):
        return services.proposal_create(
            round=open_round, author=make_user(), title="Benches", description=".", all_helsinki=True
        )

    def test_support_once_per_user(self, api_client, proposal, make_user):
        api_client.force_authenticate(make_user())
        first = api_client.post(f"{URL}{proposal.pk}/support/")
        assert first.status_code == 201 and first.json()["properties"]["support_count"] == 1
        again = api_client.post(f"{URL}{proposal.pk}/support/")
        assert again.status_code == 400 and again.json()["detail"] == str(services.MSG_ALREADY_SUPPORTED)

    def test_the_database_refuses_a_second_support(self, proposal, make_user):
        user = make_user()
        ProposalSupport.objects.create(proposal=proposal, user=user)
        with pytest.raises(IntegrityError):
            ProposalSupport.objects.create(proposal=proposal, user=user)

    def test_rejection_needs_a_reason_and_shows_it(self, api_client, proposal, make_user):
        api_client.force_authenticate(make_user(planner=True))
        url = f"{URL}{proposal.pk}/moderate/"
        refused = api_client.post(url, {"status": "rejected"}, format="json")
        assert refused.status_code == 400 and refused.json()["detail"] == str(services.MSG_REASON_REQUIRED)
        api_client.post(url, {"status": "rejected", "reason": "Not city land."}, format="json")
        api_client.force_authenticate(None)
        body = api_client.get(f"{URL}{proposal.pk}/").json()["properties"]
        assert body["status"] == "rejected" and body["moderation_reason"] == "Not city land."

    def test_residents_cannot_moderate(self, api_client, proposal, make_user):
        api_client.force_authenticate(make_user())
        response = api_client.post(f"{URL}{proposal.pk}/moderate/", {"status": "accepted"}, format="json")
        assert response.status_code == 403


class TestHelsinkisBoundary:
    """Helsinki's true boundary (areas.boundary), not its bounding box, decides."""

    @pytest.mark.parametrize("name", NEIGHBOURS)
    def test_a_neighbours_place_inside_the_old_box_is_refused(self, api_client, open_round, make_user, name):
        api_client.force_authenticate(make_user())
        response = propose(api_client, open_round, location=geojson(NEIGHBOURS[name]))
        assert response.status_code == 400, response.content
        assert response.json()["detail"] == str(MSG_OUTSIDE_HELSINKI)
        assert not Proposal.objects.exists()

    @pytest.mark.parametrize(("name", "code"), [("Suomenlinna", "1"), ("Vuosaari shore", "7"), ("Östersundom", "7")])
    def test_places_by_the_shore_and_the_border_find_their_budget_area(self, api_client, open_round, make_user, name, code):
        api_client.force_authenticate(make_user())
        response = propose(api_client, open_round, location=geojson(BORDER_HELSINKI[name]))
        assert response.status_code == 201, response.content
        assert response.json()["properties"]["budget_area"]["code"] == code
