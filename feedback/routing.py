"""Routing feedback in one set-based pass in PostGIS.

`feedback_route(ids=...)` routes one request or a year of them (50 000) with the
same three statements, whatever their number:

1. the area index (`located_refresh`): one INSERT … SELECT joining the
   requests' published points (their cells' centres) to every area they lie in,
   on the areas' GiST index — that index is public;
2. the rule: for each request the most specific routing rule among those for
   its service or any service, and for one of the areas its exact point lies in
   or anywhere (see `RoutingRule`), else its service's default sector;
3. the stadiluotsi: the active stadiluotsi of the smallest area the exact point
   lies in that has one, as `luotsit.selectors.luotsi_lookup_point` answers for
   a point (several on one area: by name, then id).

Steps 2 and 3 are one UPDATE … FROM with DISTINCT ON. They read the exact point,
not the public index: a request near a boundary reaches the sector of the place
it is about, while public output names only the areas of its published point.
Only the areas that have a rule or a stadiluotsi are tested against the points
(on the areas' GiST index), so the cost grows with the number of requests, not
with rules × points.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from areas.located import located_refresh
from areas.models import Area
from luotsit.models import Luotsi, Role

from .models import FeedbackRequest, RoutingRule, Service

_ROUTE = """
WITH target AS (
    SELECT f.id, f.service_id, f.geometry FROM {request} f {where}
),
rule AS (
    SELECT r.id, r.service_id, r.area_id, r.sector_id, r.priority, ST_Area(a.geometry) AS surface, a.geometry
    FROM {rule} r LEFT JOIN {area} a ON a.id = r.area_id
),
candidate AS (
    SELECT t.id AS request_id, rule.id AS rule_id, rule.sector_id,
           rule.service_id IS NULL AS any_service, FALSE AS anywhere, rule.surface, rule.priority
    FROM target t
    JOIN rule ON rule.area_id IS NOT NULL AND ST_Intersects(rule.geometry, t.geometry)
        AND (rule.service_id = t.service_id OR rule.service_id IS NULL)
    UNION ALL
    SELECT t.id, rule.id, rule.sector_id, rule.service_id IS NULL, TRUE, NULL, rule.priority
    FROM target t
    JOIN rule ON rule.area_id IS NULL AND (rule.service_id = t.service_id OR rule.service_id IS NULL)
),
best_rule AS (
    SELECT DISTINCT ON (request_id) request_id, rule_id, sector_id
    FROM candidate
    ORDER BY request_id, any_service, anywhere, surface, priority, rule_id
),
luotsi_area AS (
    SELECT la.area_id, l.id AS luotsi_id, l.name, ST_Area(a.geometry) AS surface, a.geometry
    FROM {luotsi_areas} la
    JOIN {luotsi} l ON l.id = la.luotsi_id
    JOIN {area} a ON a.id = la.area_id
    WHERE l.role = %(role)s AND l.is_active AND l.erased_at IS NULL
      AND (l.active_from IS NULL OR l.active_from <= %(today)s)
      AND (l.active_to IS NULL OR l.active_to >= %(today)s)
),
best_luotsi AS (
    SELECT DISTINCT ON (t.id) t.id AS request_id, la.luotsi_id
    FROM target t
    JOIN luotsi_area la ON ST_Intersects(la.geometry, t.geometry)
    ORDER BY t.id, la.surface, la.name, la.luotsi_id
)
UPDATE {request} f
SET routing_rule_id = best_rule.rule_id,
    sector_id = COALESCE(best_rule.sector_id, s.default_sector_id),
    luotsi_id = best_luotsi.luotsi_id,
    routed_at = %(now)s
FROM target t
JOIN {service} s ON s.id = t.service_id
LEFT JOIN best_rule ON best_rule.request_id = t.id
LEFT JOIN best_luotsi ON best_luotsi.request_id = t.id
WHERE f.id = t.id
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "request": quote(FeedbackRequest._meta.db_table),
        "rule": quote(RoutingRule._meta.db_table),
        "service": quote(Service._meta.db_table),
        "area": quote(Area._meta.db_table),
        "luotsi": quote(Luotsi._meta.db_table),
        "luotsi_areas": quote(Luotsi.areas.through._meta.db_table),
    }


def feedback_route(*, ids: Iterable[int] | None = None, refresh_index: bool = True, status: Iterable[str] | None = None) -> int:
    """Route the requests `ids` (every request when None; with `status`, only
    requests in those states): rewrite their area index, then set their rule,
    sector and stadiluotsi. Returns the number of requests routed.

    Call it in the transaction that wrote the requests' geometry.
    """
    params: dict[str, object] = {
        "role": Role.STADILUOTSI,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    conditions = []
    if ids is not None:
        params["ids"] = sorted({int(i) for i in ids})
        if not params["ids"]:
            return 0
        conditions.append("f.id = ANY(%(ids)s)")
    if status is not None:
        params["status"] = list(status)
        conditions.append("f.status = ANY(%(status)s)")
    if refresh_index:
        scoped = ids if status is None else FeedbackRequest.objects.filter(
            status__in=params["status"], **({"pk__in": params["ids"]} if ids is not None else {})
        ).values_list("pk", flat=True)
        located_refresh(model=FeedbackRequest, ids=None if scoped is None else list(scoped))
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    with connection.cursor() as cursor:
        cursor.execute(_ROUTE.format(where=where, **_tables()), params)
        return cursor.rowcount
