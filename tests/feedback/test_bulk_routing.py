"""A year of feedback is routed in one set-based pass: the statements do not grow with the points."""

from __future__ import annotations

import random

from feedback.bench import feedback_routing_bench
from feedback.models import FeedbackRequest, RoutingRule
from luotsit.selectors import luotsi_lookup_point

from .conftest import area


def test_routing_issues_the_same_statements_for_200_and_2000_points(helsinki, services, sectors):
    RoutingRule.objects.create(service=services["176"], area=area("suurpiiri", "3"), sector=sectors["kuva"])
    small = feedback_routing_bench(count=200, seed=1)
    large = feedback_routing_bench(count=2000, seed=2)
    print(f"\nrouted 2000 points in {large.route_s:.2f} s with {large.statements} statements")
    assert small.statements == large.statements <= 5
    assert (large.count, large.routed, large.with_sector, large.with_luotsi) == (2000, 2000, 2000, 2000)


def test_bulk_routing_agrees_with_the_rules_and_the_luotsi_lookup(helsinki, services, sectors):
    keskinen = area("suurpiiri", "3")
    RoutingRule.objects.create(service=services["176"], area=keskinen, sector=sectors["kuva"])
    feedback_routing_bench(count=300, seed=3)
    requests = list(FeedbackRequest.objects.select_related("service", "luotsi"))
    for request in random.Random(4).sample(requests, 25):
        expected_luotsi = luotsi_lookup_point(point=request.geometry).matches["stadiluotsi"].luotsit[0]
        assert request.luotsi == expected_luotsi
        in_keskinen = keskinen.geometry.covers(request.geometry)
        expected_sector = sectors["kuva"] if request.service.service_code == "176" and in_keskinen else sectors["kymp"]
        assert request.sector == expected_sector, request.pk
