"""Open311 GeoReport v2: routing by place, privacy of the exact point, lists, filters, bad input, rate limits."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from feedback import services as feedback_services
from feedback.api import open311
from feedback.models import PUBLIC_GRID_M, FeedbackRequest, RoutingRule
from luotsit.models import Luotsi

from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS

from .conftest import CENTRAL_STATION, ESPOO, ITAKESKUS, KALLIO, area, point

REQUESTS = "/api/v1/open311/requests.json"


def post(client, lonlat=KALLIO, **body):
    data = {"service_code": "176", "lat": lonlat[1], "long": lonlat[0], "description": "Graffiti on the library wall", **body}
    return client.post(REQUESTS, data)


def exact_coordinates(request: FeedbackRequest) -> tuple[float, float]:
    lonlat = request.geometry.transform(4326, clone=True)
    return lonlat.x, lonlat.y


class TestKallio:
    """The issue's definition of done."""

    def test_a_post_in_kallio_goes_to_keskinen_stadiluotsi_and_the_rules_sector(self, api_client, rule):
        response = post(api_client)
        assert response.status_code == 201, response.content
        body = response.json()
        assert isinstance(body, list) and body[0]["service_request_id"]
        stored = FeedbackRequest.objects.get(pk=int(body[0]["service_request_id"]))
        keskinen_luotsi = Luotsi.objects.get(areas=area("suurpiiri", "3"), role="stadiluotsi")
        assert stored.luotsi == keskinen_luotsi
        assert stored.sector == rule.sector and stored.routing_rule == rule
        assert "Culture and leisure" in body[0]["service_notice"]

        shown = api_client.get(f"/api/v1/open311/requests/{stored.pk}.json").json()[0]
        assert shown["stadiluotsi"] == {"id": keskinen_luotsi.pk, "name": keskinen_luotsi.name}
        assert shown["agency_responsible"] == "Culture and leisure"
        assert {(a["division"], a["code"]) for a in shown["areas"]} >= {("suurpiiri", "3"), ("peruspiiri", "301")}

    def test_no_public_response_or_page_shows_the_exact_point(self, api_client, client, rule):
        pk = int(post(api_client).json()[0]["service_request_id"])
        stored = FeedbackRequest.objects.get(pk=pk)
        lon, lat = exact_coordinates(stored)
        x, y = stored.geometry.x, stored.geometry.y
        # The point as given, and as stored in every CRS's usual precision.
        needles = {f"{KALLIO[1]}", f"{KALLIO[0]}", f"{lat:.4f}", f"{lon:.4f}", f"{x:.1f}", f"{y:.1f}", f"{int(x)}", f"{int(y)}"}
        urls = [
            REQUESTS,
            f"/api/v1/open311/requests/{pk}.json",
            f"{REQUESTS}?lat={KALLIO[1]}&long={KALLIO[0]}&radius=300",
            f"/api/v1/feedback/similar/?description=graffiti%20library%20wall&lat={KALLIO[1]}&lon={KALLIO[0]}",
            "/api/v1/feedback/areas/?division=osa-alue",
            "/api/v1/feedback/areas/?division=osa-alue&srid=3067",
            f"/api/v1/areas/{area('peruspiiri', '301').pk}/summary/",
        ]
        for url in urls:
            text = api_client.get(url).content.decode()
            assert "Graffiti on the library wall" in text or "summary" in url or "areas/?" in url, url
            if "areas/?" in url:
                # The areas' own outlines (real boundaries, vertices to 7 decimals) may share digits with
                # any point; they come from the division, never from the request. Their properties are checked.
                text = json.dumps([feature["properties"] for feature in json.loads(text)["features"]])
            for needle in needles:
                assert needle not in text, (url, needle)
        for page in ["/en/", "/en/alue/peruspiiri/301/", "/en/osallistuminen/", "/en/lahella/"]:
            response = client.get(page)
            assert response.status_code == 200, page
            text = response.content.decode()
            for needle in needles:
                assert needle not in text, (page, needle)

    def test_the_public_point_is_the_centre_of_its_grid_cell(self, api_client, rule):
        pk = int(post(api_client).json()[0]["service_request_id"])
        stored = FeedbackRequest.objects.get(pk=pk)
        shown = api_client.get(f"/api/v1/open311/requests/{pk}.json").json()[0]
        public = Point(shown["long"], shown["lat"], srid=4326).transform(3067, clone=True)
        # The rule (README): the centre of the point's 250 m cell of the EPSG:3067 grid.
        cell_x = (stored.geometry.x // 250) * 250 + 125
        cell_y = (stored.geometry.y // 250) * 250 + 125
        assert abs(public.x - cell_x) < 0.5 and abs(public.y - cell_y) < 0.5
        assert shown["location_precision_m"] == 250
        assert "address" not in shown and "email" not in shown

    def test_place_filters_run_on_the_cell_centre_not_the_point(self, api_client, services, helsinki):
        # A point 120 m east and north of its cell's centre; a query 200 m west of the
        # centre is 342 m from the point: inside the radius only by the centre.
        centre_x, centre_y = 387_125.0, 6_674_375.0  # a cell centre in Kallio (EPSG:3067)
        given = Point(centre_x + 120, centre_y + 120, srid=3067)
        request = feedback_services.feedback_create(service=services["176"], description="Graffiti on a wall", point=given)
        query = Point(centre_x - 200, centre_y, srid=3067).transform(4326, clone=True)
        found = api_client.get(REQUESTS, {"lat": query.y, "long": query.x, "radius": 250}).json()
        assert [r["service_request_id"] for r in found] == [str(request.pk)]
        refused = api_client.get(REQUESTS, {"lat": query.y, "long": query.x, "radius": 100})
        assert refused.status_code == 400
        assert refused.json()[0]["description"] == open311.MSG_RADIUS_MIN.format(low=PUBLIC_GRID_M)


class TestRoutingRules:
    def file(self, services, service="176", lonlat=KALLIO):
        return feedback_services.feedback_create(service=services[service], description="Something to fix here", point=point(lonlat))

    def test_without_a_rule_the_service_default_sector(self, helsinki, services, sectors):
        assert self.file(services).sector == sectors["kymp"]

    def test_a_rule_for_the_service_beats_a_rule_for_any_service(self, helsinki, services, sectors):
        keskinen = area("suurpiiri", "3")
        RoutingRule.objects.create(service=None, area=keskinen, sector=sectors["kasko"])
        specific = RoutingRule.objects.create(service=services["176"], area=keskinen, sector=sectors["kuva"])
        assert self.file(services).routing_rule == specific
        assert self.file(services, service="171").sector == sectors["kasko"]

    def test_the_smaller_area_wins_and_other_areas_are_untouched(self, helsinki, services, sectors):
        RoutingRule.objects.create(service=services["176"], area=area("suurpiiri", "3"), sector=sectors["kasko"])
        RoutingRule.objects.create(service=services["176"], area=area("peruspiiri", "301"), sector=sectors["kuva"])
        RoutingRule.objects.create(service=services["176"], area=None, sector=sectors["kymp"])
        assert self.file(services).sector == sectors["kuva"]  # Kallio (peruspiiri) inside Keskinen
        assert self.file(services, lonlat=ITAKESKUS).sector == sectors["kymp"]  # anywhere

    def test_changed_rules_reroute_open_requests_only(self, helsinki, services, sectors, make_user):
        open_one = self.file(services)
        closed = self.file(services)
        FeedbackRequest.objects.filter(pk=closed.pk).update(status="closed", status_notes="Done.")
        RoutingRule.objects.create(service=services["176"], area=area("suurpiiri", "3"), sector=sectors["kuva"])
        assert feedback_services.feedback_reroute_open() == 1
        open_one.refresh_from_db()
        closed.refresh_from_db()
        assert open_one.sector == sectors["kuva"] and closed.sector == sectors["kymp"]

    def test_the_luotsi_is_the_smallest_areas_as_the_lookup_says(self, helsinki, services):
        from luotsit.selectors import luotsi_lookup_point

        own = Luotsi.objects.create(name="Kallion oma", role="stadiluotsi")
        own.areas.set([area("peruspiiri", "301")])
        request = self.file(services)
        expected = luotsi_lookup_point(point=request.geometry).matches["stadiluotsi"].luotsit[0]
        assert request.luotsi == own == expected
        assert self.file(services, lonlat=CENTRAL_STATION).luotsi.areas.get().code == "1"


class TestListAndFilters:
    @pytest.fixture
    def requests(self, helsinki, services):
        made = [
            feedback_services.feedback_create(service=services[code], description=text, point=point(lonlat))
            for code, text, lonlat in (
                ("176", "Graffiti by the station", CENTRAL_STATION),
                ("171", "Pothole on the street", KALLIO),
                ("172", "Broken bench in the park", ITAKESKUS),
            )
        ]
        FeedbackRequest.objects.filter(pk=made[2].pk).update(status="closed", status_notes="Repaired.")
        return made

    def test_services(self, api_client, services):
        body = api_client.get("/api/v1/open311/services.json").json()
        assert [s["service_code"] for s in body] == ["171", "172", "176"]
        assert body[0] == {
            "service_code": "171", "service_name": "Pothole", "description": "", "metadata": False,
            "type": "realtime", "keywords": "", "group": "", "sector": "kymp",
        }  # fmt: skip

    def test_filters(self, api_client, requests):
        def ids(**query):
            response = api_client.get(REQUESTS, query)
            assert response.status_code == 200, response.content
            return sorted(int(r["service_request_id"]) for r in response.json())

        everything = sorted(r.pk for r in requests)
        assert ids() == everything
        assert ids(service_code="171,176") == everything[:2]
        assert ids(status="closed") == [requests[2].pk]
        assert ids(status="open") == everything[:2]
        assert ids(service_request_id=f"{requests[1].pk}") == [requests[1].pk]
        # The dates are read in the service's time zone (Helsinki), where today may already be tomorrow in UTC.
        tomorrow = timezone.localtime() + timezone.timedelta(days=1)
        later = (tomorrow + timezone.timedelta(days=2)).date().isoformat()
        assert ids(start_date=tomorrow.date().isoformat(), end_date=later) == []
        assert ids(end_date=later) == everything
        assert ids(division="suurpiiri", area="3") == [requests[1].pk]
        closed = api_client.get(REQUESTS, {"status": "closed"}).json()[0]
        assert closed["status"] == "closed" and closed["status_notes"] == "Repaired."

    @pytest.mark.parametrize(
        "query, message",
        [
            ({"status": "pending"}, "Parameter status must be open or closed"),
            ({"start_date": "yesterday"}, "Parameter start_date must be a date and time"),
            ({"lat": "60.1", "long": "east"}, "Parameter long must be a number"),
            ({"division": "nowhere"}, "Unknown division"),
            ({"limit": "0"}, "Parameter limit must be between"),
            ({"start_date": "2030-01-01"}, "Parameter start_date must be before end_date"),
        ],
    )
    def test_bad_list_queries(self, api_client, requests, query, message):
        response = api_client.get(REQUESTS, query)
        assert response.status_code == 400
        assert message in response.json()[0]["description"] and response.json()[0]["code"] == 400

    def test_one_unknown_request_is_a_404(self, api_client, requests):
        response = api_client.get("/api/v1/open311/requests/999999.json")
        assert response.status_code == 404 and response.json()[0]["code"] == 404

    @pytest.mark.parametrize("request_id", ["12.x", "x" * 60, "1.2.json", "%C3%A9.%C2%A6"])
    def test_any_unknown_id_answers_in_georeport_format(self, api_client, requests, request_id):
        # Found by the longer fuzz: ids with a dot or over 40 characters fell through to the site's 404.
        response = api_client.get(f"/api/v1/open311/requests/{request_id}")
        assert response.status_code == 404
        assert response.json()[0]["code"] == 404 and "No service request" in response.json()[0]["description"]


class TestBadInput:
    @pytest.mark.parametrize(
        "body, message",
        [
            ({"service_code": "999"}, "Unknown service_code '999'"),
            ({"lat": ""}, str(open311.MSG_POINT_REQUIRED)),
            ({"lat": 95}, "lat: Ensure this value is less than or equal to 90."),
            ({"long": "far"}, "long: A valid number is required."),
            ({"description": "short"}, str(feedback_services.MSG_DESCRIPTION_REQUIRED)),
            ({"lat": ESPOO[1], "long": ESPOO[0]}, str(feedback_services.MSG_OUTSIDE_HELSINKI)),
            ({"email": "not-an-address"}, "email: Enter a valid email address."),
        ],
    )
    def test_refused_with_a_message_and_nothing_stored(self, api_client, rule, body, message):
        response = post(api_client, **body)
        assert response.status_code == 400, response.content
        assert response.json()[0]["code"] == 400 and message in response.json()[0]["description"]
        assert not FeedbackRequest.objects.exists()

    def test_an_inactive_service(self, api_client, rule, services):
        services["176"].is_active = False
        services["176"].save()
        response = post(api_client)
        assert response.status_code == 400 and "does not take feedback" in response.json()[0]["description"]


class TestRateLimits:
    def test_anonymous_submissions_are_limited(self, api_client, rule, monkeypatch):
        monkeypatch.setattr(open311.FeedbackAnonThrottle, "THROTTLE_RATES", {"feedback_anon": "2/hour"})
        assert [post(api_client).status_code for _ in range(2)] == [201, 201]
        third = post(api_client)
        assert third.status_code == 429
        assert re.match(r"Too many requests from you: try again in \d+ seconds\.", third.json()[0]["description"])
        assert FeedbackRequest.objects.count() == 2
        # Reading is not limited.
        assert api_client.get(REQUESTS).status_code == 200

    def test_a_signed_in_user_has_their_own_limit(self, api_client, rule, make_user, monkeypatch):
        monkeypatch.setattr(open311.FeedbackAnonThrottle, "THROTTLE_RATES", {"feedback_anon": "1/hour"})
        monkeypatch.setattr(open311.FeedbackUserThrottle, "THROTTLE_RATES", {"feedback_user": "3/hour"})
        api_client.force_authenticate(make_user())
        assert [post(api_client).status_code for _ in range(4)] == [201, 201, 201, 429]
        assert FeedbackRequest.objects.exclude(author=None).count() == 3


class TestHandling:
    @pytest.fixture
    def request_(self, rule, services):
        return feedback_services.feedback_create(service=services["176"], description="Graffiti on a wall", point=point(KALLIO))

    def url(self, request_):
        return f"/api/v1/feedback/requests/{request_.pk}/status/"

    def test_open_in_progress_closed_with_the_public_answer(self, api_client, request_, make_user):
        member = make_user()
        request_.sector.members.add(member)
        api_client.force_authenticate(member)
        moving = api_client.post(self.url(request_), {"status": "in_progress"}, format="json")
        assert moving.status_code == 200 and moving.json()["detailed_status"] == "in_progress"
        assert moving.json()["status"] == "open"
        unanswered = api_client.post(self.url(request_), {"status": "closed"}, format="json")
        assert unanswered.status_code == 400
        assert unanswered.json()["detail"] == str(feedback_services.MSG_ANSWER_REQUIRED)
        closed = api_client.post(self.url(request_), {"status": "closed", "status_notes": "Painted over."}, format="json")
        assert closed.json()["status"] == "closed" and closed.json()["status_notes"] == "Painted over."
        back = api_client.post(self.url(request_), {"status": "open"}, format="json")
        assert back.status_code == 400 and "cannot go from closed to open" in back.json()["detail"]

    def test_only_the_sector_planners_and_admins(self, api_client, request_, make_user):
        api_client.force_authenticate(make_user())
        refused = api_client.post(self.url(request_), {"status": "in_progress"}, format="json")
        assert refused.status_code == 403 and refused.json()["detail"] == str(feedback_services.MSG_NOT_HANDLER)
        api_client.force_authenticate(make_user(planner=True))
        assert api_client.post(self.url(request_), {"status": "in_progress"}, format="json").status_code == 200
        api_client.force_authenticate(None)
        assert api_client.post(self.url(request_), {"status": "in_progress"}, format="json").status_code in (401, 403)

    def test_follow_once_instead_of_filing_again(self, api_client, request_, make_user):
        api_client.force_authenticate(make_user())
        url = f"/api/v1/feedback/requests/{request_.pk}/follow/"
        assert api_client.post(url).status_code == 201
        again = api_client.post(url)
        assert again.status_code == 400 and again.json()["detail"] == str(feedback_services.MSG_ALREADY_FOLLOWING)


class TestSimilarAndCounts:
    def test_similar_open_requests_near_the_place(self, api_client, rule, services):
        near = feedback_services.feedback_create(
            service=services["176"], description="Graffitia kirjaston seinässä", point=point(KALLIO)
        )
        feedback_services.feedback_create(service=services["176"], description="Graffitia kirjaston seinässä", point=point(ITAKESKUS))
        feedback_services.feedback_create(service=services["171"], description="Kuoppa kadulla", point=point(KALLIO))
        found = api_client.get(
            "/api/v1/feedback/similar/", {"description": "graffiti kirjaston seinällä", "lat": KALLIO[1], "lon": KALLIO[0]}
        ).json()
        assert [f["service_request_id"] for f in found] == [str(near.pk)]
        assert found[0]["distance_m"] <= 180 and found[0]["similarity"] >= 0.3
        short = api_client.get("/api/v1/feedback/similar/", {"description": "ab"})
        assert short.status_code == 400

    def test_counts_per_area_are_the_only_map_form(self, api_client, rule, services):
        for lonlat in (KALLIO, KALLIO, CENTRAL_STATION):
            feedback_services.feedback_create(service=services["176"], description="Graffiti on a wall", point=point(lonlat))
        body = api_client.get("/api/v1/feedback/areas/", {"division": "suurpiiri"}).json()
        counts = {f["properties"]["code"]: f["properties"]["feedback_count"] for f in body["features"]}
        assert counts["3"] == 2 and counts["1"] == 1 and counts["7"] == 0
        assert body["total"] == 3 and body["max_count"] == 2
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in body["features"])
        assert api_client.get("/api/v1/feedback/areas/").status_code == 400
        assert api_client.get("/api/v1/feedback/areas/", {"division": "suurpiiri", "status": "lost"}).status_code == 400

    def test_the_city_map_has_the_choropleth_layer(self, client, rule):
        from feedback.pages import feedback_layer

        config = feedback_layer().to_config()
        assert config["kind"] == "area" and config["choropleth"]["property"] == "feedback_count"
        page = client.get("/en/").content.decode()
        assert 'data-layer-key="feedback-counts"' in page
        assert json.dumps(config["url"])[1:-1].replace("&", "&amp;") in page or "feedback/areas" in page


class TestHelsinkisBoundary:
    """Helsinki's true boundary (areas.boundary), not its bounding box, decides."""

    @pytest.mark.parametrize("name", NEIGHBOURS)
    def test_a_neighbours_place_inside_the_old_box_is_refused(self, api_client, rule, name):
        response = post(api_client, lonlat=NEIGHBOURS[name])
        assert response.status_code == 400, response.content
        assert str(feedback_services.MSG_OUTSIDE_HELSINKI) in response.json()[0]["description"]
        assert not FeedbackRequest.objects.exists()

    def test_a_place_in_ostersundom_by_the_border_is_taken(self, api_client, rule):
        response = post(api_client, lonlat=BORDER_HELSINKI["Östersundom"])
        assert response.status_code == 201, response.content
