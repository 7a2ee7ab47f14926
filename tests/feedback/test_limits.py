"""Feedback's limits, each at the limit, one inside and one outside (README, Open311):
radius at least 250 m (the public grid) and at most 50 km, a list of at most
1000, the last 90 days by default, and a description of at least 10 characters."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from areas.api.params import MSG_OUT_OF_RANGE
from feedback import services as feedback_services
from feedback.api import open311
from feedback.models import FeedbackRequest

from .conftest import KALLIO, point

REQUESTS = "/api/v1/open311/requests.json"


@pytest.fixture
def filed(helsinki, services) -> FeedbackRequest:
    return feedback_services.feedback_create(service=services["176"], description="Graffiti on a wall", point=point(KALLIO))


def listed(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["service_request_id"] for r in response.json()]


def refused(response) -> str:
    assert response.status_code == 400, response.content
    return response.json()[0]["description"]


@pytest.mark.parametrize("radius, error", [(249, "min"), (250, None), (251, None), (50_000, None), (50_001, "max")])
def test_radius_from_the_grid_cell_to_50_km(api_client, filed, radius, error):
    response = api_client.get(REQUESTS, {"lat": KALLIO[1], "long": KALLIO[0], "radius": radius})
    if error is None:
        assert listed(response) == [str(filed.pk)]
    elif error == "min":
        assert refused(response) == open311.MSG_RADIUS_MIN.format(low=250)
    else:
        assert refused(response) == str(MSG_OUT_OF_RANGE).format(name="radius", low=1, high=50_000, value=radius)


@pytest.mark.parametrize("limit, answered", [(0, None), (1, 1), (2, 2), (1000, 3), (1001, None)])
def test_limit_from_1_to_1000(api_client, helsinki, services, limit, answered):
    for n in range(3):
        feedback_services.feedback_create(service=services["176"], description=f"Graffiti number {n}", point=point(KALLIO))
    response = api_client.get(REQUESTS, {"limit": limit})
    if answered is None:
        assert refused(response) == str(MSG_OUT_OF_RANGE).format(name="limit", low=1, high=1000, value=limit)
    else:
        assert len(listed(response)) == answered


@pytest.mark.parametrize("age, shown", [(datetime.timedelta(days=90, minutes=-5), True), (datetime.timedelta(days=90, minutes=5), False)])
def test_the_list_shows_the_last_90_days_by_default(api_client, filed, age, shown):
    FeedbackRequest.objects.filter(pk=filed.pk).update(requested_at=timezone.now() - age)
    assert listed(api_client.get(REQUESTS)) == ([str(filed.pk)] if shown else [])
    # An explicit period reaches further back.
    start = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    assert listed(api_client.get(REQUESTS, {"start_date": start})) == [str(filed.pk)]


@pytest.mark.parametrize("description, accepted", [("x" * 9, False), ("x" * 10, True), ("x" * 11, True), ("   " + "x" * 9 + "   ", False)])
def test_a_description_needs_10_characters(helsinki, services, description, accepted):
    if accepted:
        request = feedback_services.feedback_create(service=services["176"], description=description, point=point(KALLIO))
        assert request.description == description.strip()
    else:
        with pytest.raises(ValidationError) as exc:
            feedback_services.feedback_create(service=services["176"], description=description, point=point(KALLIO))
        assert exc.value.messages == [str(feedback_services.MSG_DESCRIPTION_REQUIRED)]
        assert not FeedbackRequest.objects.exists()
