"""The proposals list (/api/v1/budgeting/proposals/) walked to its end, before and after it was
built in PostgreSQL (issue 24 item 1), in-process, anonymous and signed in.

- **before**: `selectors.proposal_list` as it was (support counts by `Count("supports")`, the
  whole list grouped by every selected column) and ProposalSerializer in Python;
- **after**: the service as it is: the counts and `is_mine` as per-row subqueries, each page one
  statement whose rows are finished GeoJSON features (areas.api.located_sql).

Its own rows: 5 000 proposals per 1x (OmaStadi's rounds have had 1 300-1 600) at random points in
the city, every tenth rejected with a reason, every fiftieth withdrawn, 0-19 supports each from 200
residents, the area index built as the service builds it. Both ways answer the same pages (the
parity tests, tests/budgeting/test_proposal_list_sql.py); the pair checks the feature counts.
"""

from __future__ import annotations

from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client

from areas.api.pagination import GeoFeaturePagination
from areas.located import located_refresh
from areas.models import Area, DivisionType
from budgeting import selectors
from budgeting.api.serializers import ProposalSerializer
from budgeting.models import Proposal

from ..measure import Result, ratio, timed_interleaved
from ..rounds import bench_round

PROPOSALS_PER_1X = 5_000
RESIDENTS = 200
URL = "/api/v1/budgeting/proposals/"

GENERATE_PROPOSALS = """
INSERT INTO budgeting_proposal (round_id, author_id, title, description, all_helsinki, area_id, status,
  moderation_reason, created_at, modified_at, match_terms, location, geometry)
SELECT %(round)s, (%(authors)s::bigint[])[1 + i %% %(residents)s], 'Ehdotus ' || i, 'Kuvaus ehdotuksesta ' || i || '.',
  false, %(area)s, CASE WHEN i %% 50 = 0 THEN 'withdrawn' WHEN i %% 10 = 0 THEN 'rejected' ELSE 'submitted' END,
  CASE WHEN i %% 10 = 0 AND i %% 50 <> 0 THEN 'Ei kaupungin maata.' ELSE '' END,
  now() - i * interval '1 minute', now(), '{}', p.g, p.g
FROM generate_series(1, %(count)s) AS i
CROSS JOIN LATERAL (SELECT (ST_Dump(ST_GeneratePoints(c.g, 1, i))).geom AS g FROM bench_city c) p
"""
# Proposal n gets up to n % 20 supports, from residents other than its author.
GENERATE_SUPPORTS = """
INSERT INTO budgeting_proposalsupport (proposal_id, user_id, created_at)
SELECT p.id, u.id, now()
FROM budgeting_proposal p
CROSS JOIN LATERAL generate_series(1, p.id %% 20) AS k
CROSS JOIN LATERAL (SELECT (%(residents)s::bigint[])[1 + (p.id + k) %% cardinality(%(residents)s::bigint[])] AS id) u
WHERE p.round_id = %(round)s AND u.id <> p.author_id
"""


def proposal_list_before(*, user, srid: int | None = None):
    """budgeting.selectors.proposal_list before item 1 (commit 9f9066c), the "before" of this pair."""
    queryset = Proposal.objects.select_related("area", "area__division").annotate(
        support_count=Count("supports", distinct=True)
    )
    visible = ~Q(status=Proposal.Status.WITHDRAWN)
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    queryset = queryset.filter(visible).order_by("-created_at", "-id")
    return queryset.with_geojson(srid) if srid is not None else queryset


def _generate(scale: float) -> dict:
    users = get_user_model().objects
    residents = [users.get_or_create(username=f"bench-proposer-{n}")[0].pk for n in range(RESIDENTS)]
    division = DivisionType.objects.get(slug="suurpiiri")
    round_ = bench_round(year=2091, name="Bench lists", division=division)
    count = round(PROPOSALS_PER_1X * scale)
    with transaction.atomic(), connection.cursor() as cursor:
        # A run at another scale left its proposals and their supports (no ON DELETE CASCADE in SQL).
        cursor.execute(
            "DELETE FROM budgeting_proposalsupport WHERE proposal_id IN (SELECT id FROM budgeting_proposal WHERE round_id = %s)",
            [round_.pk],
        )
        cursor.execute("DELETE FROM budgeting_proposal WHERE round_id = %s", [round_.pk])
        area = Area.objects.filter(division=division).first()
        cursor.execute(
            GENERATE_PROPOSALS, {"round": round_.pk, "authors": residents, "residents": RESIDENTS, "area": area.pk, "count": count}
        )
        cursor.execute(GENERATE_SUPPORTS, {"round": round_.pk, "residents": residents})
        located_refresh(model=Proposal, ids=Proposal.objects.filter(round=round_).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for table in ("budgeting_proposal", "budgeting_proposalsupport", "areas_areamembership"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {"round": round_, "proposals": count, "signed_in": users.get(pk=residents[1])}


def _walk(client: Client, round_id: int, got: dict, name: str) -> None:
    """The whole list as a client reads it: the first page, then its `next` links (cursor pages)."""
    n, url, query = 0, URL, {"round": round_id, "page_size": GeoFeaturePagination.max_page_size}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content[:300]
        data = response.json()
        n += len(data["features"])
        url, query = data["next"], None
    got[name] = n


def run(ctx) -> list[Result]:
    made = _generate(ctx.scale)
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(made["signed_in"])
    got: dict[str, int] = {}

    def before(client, name):
        def walk():
            with (
                mock.patch.object(selectors, "proposal_list", proposal_list_before),
                mock.patch.object(ProposalSerializer, "sql_properties", classmethod(lambda cls, *, srid: None)),
            ):
                _walk(client, made["round"].pk, got, name)

        return walk

    def after(client, name):
        return lambda: _walk(client, made["round"].pk, got, name)

    runs = ctx.runs(7)
    results = []
    for who, client in (("anonymous", anonymous), ("signed in", signed_in)):
        figures = timed_interleaved(
            {"before": before(client, f"before {who}"), "after": after(client, f"after {who}")}, repeat=runs
        )
        assert got[f"before {who}"] == got[f"after {who}"], got
        r = ratio(figures["before"], figures["after"])
        results.append(
            Result(
                pair=f"proposals list walked ({who}): before vs after item 1",
                scale=ctx.label,
                figures=figures,
                ratios={"before/after": r},
                target="reported (no target in the issue)",
                notes=[
                    f"{made['proposals']} proposals, {got[f'after {who}']} listed, pages of "
                    f"{GeoFeaturePagination.max_page_size} following `next`; interleaved, median of {runs}"
                ],
            )
        )
    return results
