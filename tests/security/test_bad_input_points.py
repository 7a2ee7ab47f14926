"""Bad input where residents give a place: budget proposals, initiatives, Open311 feedback (issue 10, point 2).

Every corpus item goes to every endpoint; each answer is a 4xx with a message
that names the problem, and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from budgeting import services as budgeting_services
from budgeting.models import Proposal
from feedback.models import FeedbackRequest, Sector, Service
from initiatives.models import Initiative, InitiativeCategory
from tests.budgeting.conftest import make_round, set_phase, suurpiiri

from .bad_input_corpus import BAD_SRIDS, JSON_BODIES, LAT, LON, NOT_FINITE, OUTSIDE, SRID, UTF8
from .helpers_bad_input import assert_refused, counts

pytestmark = pytest.mark.django_db


@dataclass
class Target:
    """One write endpoint that takes a place: where to post, a good body, what it stores."""

    url: str
    body: dict
    model: type
    client: APIClient

    def post(self, **changes):
        body = {**self.body, **changes}
        return self.client.post(self.url, {k: v for k, v in body.items() if v is not None}, format="json")


def _client(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(User.objects.create_user(username, password="not-used"))
    return client


@pytest.fixture
def proposal_target(demo_areas) -> Target:
    round = make_round()
    budgeting_services.round_merge_add(round=round, area=suurpiiri("8"), into=suurpiiri("7"))
    budgeting_services.allocation_compute(round=round)
    set_phase(round, "proposals")
    body = {"round": round.pk, "title": "Outdoor gym", "description": "Bars and rings.",
            "location": {"type": "Point", "coordinates": [LON, LAT]}}
    return Target("/api/v1/budgeting/proposals/", body, Proposal, _client("ehdottaja"))


@pytest.fixture
def initiative_target(demo_areas) -> Target:
    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    InitiativeCategory.objects.create(code="environment", name_en="Environment", name_fi="Ympäristö", sector=sector)
    body = {"title": "Penkkejä rantaan", "text": "Rannalla ei ole penkkejä.", "category": "environment",
            "location": {"type": "Point", "coordinates": [LON, LAT]}}
    return Target("/api/v1/initiatives/", body, Initiative, _client("aloitteentekija"))


@pytest.fixture
def feedback_target(demo_areas) -> Target:
    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    Service.objects.create(service_code="171", service_name_en="Pothole", service_name_fi="Kuoppa", default_sector=sector)
    body = {"service_code": "171", "description": "Kuoppa tiessä.", "lat": LAT, "long": LON}
    return Target("/api/v1/open311/requests.json", body, FeedbackRequest, APIClient(HTTP_ACCEPT_LANGUAGE="en"))


@pytest.fixture(params=["proposal", "initiative", "feedback"])
def target(request) -> Target:
    return request.getfixturevalue(f"{request.param}_target")


@pytest.fixture(params=["proposal", "initiative"])
def geojson_target(request) -> Target:
    """The endpoints that take a GeoJSON point and a `srid` beside it."""
    return request.getfixturevalue(f"{request.param}_target")


def test_control_the_good_body_is_accepted(target):
    response = target.post()
    assert response.status_code == 201, response.content
    assert target.model.objects.count() == 1


@pytest.mark.parametrize("item", JSON_BODIES, ids=lambda i: i.id)
def test_bodies_that_are_not_acceptable_json(target, item):
    response = target.client.post(target.url, item.payload, content_type="application/json")
    assert_refused(response, item.expected)
    assert target.model.objects.count() == 0


SWAPPED = [LAT, LON]
NEW_YORK = [-74.006, 40.713]
POINTS = [
    ("swapped-lat-lon", SWAPPED, OUTSIDE),
    ("new-york", NEW_YORK, OUTSIDE),
    ("null-island", [0.0, 0.0], OUTSIDE),
    ("beyond-the-pole", [LON, 95.0], OUTSIDE),
    ("beyond-the-antimeridian", [400.0, LAT], OUTSIDE),
    ("huge-number", [1e300, 1e300], OUTSIDE),
]


@pytest.mark.parametrize("name, coordinates, expected", POINTS, ids=[p[0] for p in POINTS])
def test_places_outside_helsinki(geojson_target, name, coordinates, expected):
    response = geojson_target.post(location={"type": "Point", "coordinates": coordinates})
    assert_refused(response, expected)
    assert geojson_target.model.objects.count() == 0


BAD_POINTS = [
    ("strings", {"type": "Point", "coordinates": [str(LON), str(LAT)]}),
    ("three-numbers-and-one", {"type": "Point", "coordinates": [LON]}),
    ("booleans", {"type": "Point", "coordinates": [True, False]}),
    ("nested", {"type": "Point", "coordinates": [[LON, LAT]]}),
    ("polygon", {"type": "Polygon", "coordinates": [[[LON, LAT], [LON, LAT], [LON, LAT], [LON, LAT]]]}),
    ("not-an-object", "POINT(24.95 60.17)"),
]


@pytest.mark.parametrize("name, location", BAD_POINTS, ids=[p[0] for p in BAD_POINTS])
def test_malformed_points(geojson_target, name, location):
    response = geojson_target.post(location=location)
    assert_refused(response, ("geojson point", "point"))
    assert geojson_target.model.objects.count() == 0


@pytest.mark.parametrize("item", BAD_SRIDS, ids=lambda i: i.id)
def test_srid_outside_the_allowlist(geojson_target, item):
    response = geojson_target.post(srid=item.payload)
    assert_refused(response, item.expected)
    assert geojson_target.model.objects.count() == 0


def test_lonlat_given_as_3879_is_out_of_range(geojson_target):
    """EPSG:4326 numbers labelled as the city's own CRS: refused, not placed somewhere off Africa."""
    response = geojson_target.post(srid="urn:ogc:def:crs:EPSG::3879")
    assert_refused(response, OUTSIDE)
    assert geojson_target.model.objects.count() == 0


def test_control_3879_urn_with_3879_coordinates(geojson_target):
    response = geojson_target.post(
        srid="urn:ogc:def:crs:EPSG::3879", location={"type": "Point", "coordinates": [25497200.0, 6673300.0]}
    )
    assert response.status_code == 201, response.content


# --- Open311 takes lat and long as numbers, in JSON or a form ------------------------------

FEEDBACK_COORDINATES = [
    ("swapped", {"lat": LON, "long": LAT}, OUTSIDE),
    ("new-york", {"lat": 40.713, "long": -74.006}, OUTSIDE),
    ("lat-beyond-the-pole", {"lat": 95.0, "long": LON}, ("less than or equal", "out of range")),
    ("nan-string", {"lat": "NaN", "long": "NaN"}, ("valid number", "finite", "not a number")),
    ("inf-string", {"lat": "Infinity", "long": LON}, ("valid number", "finite", "less than or equal")),
    ("1e309-string", {"lat": "1e309", "long": LON}, ("valid number", "finite", "less than or equal")),
    ("words", {"lat": "kuusikymmentä", "long": LON}, ("valid number",)),
    ("comma-decimal", {"lat": "60,17", "long": LON}, ("valid number",)),
]


@pytest.mark.parametrize("fmt", ["json", "multipart"])
@pytest.mark.parametrize("name, changes, expected", FEEDBACK_COORDINATES, ids=[c[0] for c in FEEDBACK_COORDINATES])
def test_feedback_coordinates(feedback_target, fmt, name, changes, expected):
    body = {**feedback_target.body, **changes}
    response = feedback_target.client.post(feedback_target.url, body, format=fmt)
    assert_refused(response, expected)
    assert FeedbackRequest.objects.count() == 0


def test_feedback_latin_1_form(feedback_target):
    """A form body in Latin-1 (an old client): refused or stored as readable text, never a 500."""
    body = "service_code=171&lat=60.17&long=24.955&description=P%E4%E4kaupunkiseutu"
    response = feedback_target.client.post(
        feedback_target.url, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code != 500
    if response.status_code == 201:
        stored = FeedbackRequest.objects.get()
        assert "\x00" not in stored.description and stored.description.startswith("P")
    else:
        assert_refused(response, UTF8 + ("description",))


def test_srid_message_lists_the_allowlist(proposal_target):
    text = assert_refused(proposal_target.post(srid="EPSG:999999"), SRID)
    assert "EPSG:4326" in text and "EPSG:3067" in text and "EPSG:3879" in text


def test_not_finite_message(proposal_target):
    response = proposal_target.client.post(
        proposal_target.url, b'{"title": "x", "location": {"type": "Point", "coordinates": [NaN, 60.1]}}',
        content_type="application/json",
    )
    assert_refused(response, NOT_FINITE)
