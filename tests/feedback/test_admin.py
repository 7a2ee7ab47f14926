"""Staff file feedback for a resident in the admin: the place is checked and the request routed; rules re-route."""

import json

from feedback.models import FeedbackRequest, RoutingRule

from .conftest import ESPOO, KALLIO, area

ADD = "/admin/feedback/feedbackrequest/add/"


def form(services, lonlat):
    return {
        "service": services["176"].pk,
        "description": "Graffiti reported by phone",
        "geometry": json.dumps({"type": "Point", "coordinates": list(lonlat)}),
        "address_string": "", "email": "", "first_name": "", "last_name": "",
    }  # fmt: skip


def test_a_request_filed_in_the_admin_is_routed(admin_client, rule, services):
    response = admin_client.post(ADD, form(services, KALLIO))
    assert response.status_code == 302, response.content.decode()[:2000]
    request = FeedbackRequest.objects.get()
    assert request.sector == rule.sector and request.luotsi.areas.get().code == "3"
    assert request.area_memberships.filter(area=area("peruspiiri", "301")).exists()


def test_a_place_outside_helsinki_is_refused(admin_client, rule, services):
    response = admin_client.post(ADD, form(services, ESPOO))
    assert response.status_code == 200 and "outside Helsinki" in response.content.decode()
    assert not FeedbackRequest.objects.exists()


def test_saving_a_rule_reroutes_open_requests(admin_client, rule, services, sectors):
    admin_client.post(ADD, form(services, KALLIO))
    response = admin_client.post(
        f"/admin/feedback/routingrule/{rule.pk}/change/",
        {"service": rule.service_id, "area": rule.area_id, "sector": sectors["kasko"].pk, "priority": 100, "note": ""},
    )
    assert response.status_code == 302
    assert FeedbackRequest.objects.get().sector == sectors["kasko"]
    assert RoutingRule.objects.get().sector == sectors["kasko"]


def test_staff_cannot_file_a_land_only_request_at_sea(admin_client, rule, services):
    at_sea = (24.95, 60.11)
    response = admin_client.post(ADD, form(services, at_sea))
    assert response.status_code == 200 and "on water" in response.content.decode()
    assert not FeedbackRequest.objects.exists()
    services["176"].allows_water = True
    services["176"].save()
    assert admin_client.post(ADD, form(services, at_sea)).status_code == 302
