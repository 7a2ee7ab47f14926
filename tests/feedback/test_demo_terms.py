"""The demo's feedback is written in bulk (no pre_save): its duplicate-check terms are set there."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point

from areas.match_terms import match_terms
from feedback.demo import demo_feedback_load
from feedback.models import FeedbackRequest
from feedback.selectors import feedback_similar

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_found_by_the_duplicate_check(demo_areas):
    demo_feedback_load(count=20)
    rows = list(FeedbackRequest.objects.filter(is_demo=True))
    assert rows
    assert all(row.match_terms == match_terms(row.description) for row in rows)
    item = next(row for row in rows if row.status != FeedbackRequest.Status.CLOSED)
    lon, lat = item.geometry.transform(4326, clone=True).coords
    found = feedback_similar(text=item.description, point=Point(lon, lat, srid=4326))
    assert item.pk in {f.pk for f in found}
