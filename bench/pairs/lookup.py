"""Point lookup: /api/v1/lookup/ (in-process, every middleware) vs one raw SQL query
that builds the same areas with their parent chains as JSON in PostGIS, in turn
in every round; and the same lookups asked again with the ETag of the first
answer (a browser's or a CDN's revalidation, answered 304: reported, no target).

The target is issue 24's: the API at most 1.5 ms over the raw query (what Django
and the answer's building may add to the query's own time); the ratio is reported."""

from __future__ import annotations

import itertools

from django.db import connection
from django.test import Client

from ..measure import Result, ratio, timed, timed_interleaved

TARGET_MS = 1.5  # API <= raw SQL + 1.5 ms

RAW = """
SELECT coalesce(json_agg(json_build_object(
    'id', a.id, 'division', d.slug, 'code', a.code, 'name', a.name,
    'name_fi', a.name_fi, 'name_sv', a.name_sv, 'name_en', a.name_en, 'is_approximate', a.is_approximate,
    'parents', (
        SELECT coalesce(json_agg(json_build_object('id', p.id, 'division', pd.slug, 'code', p.code, 'name', p.name,
                'name_fi', p.name_fi, 'name_sv', p.name_sv, 'name_en', p.name_en) ORDER BY c.depth), '[]')
        FROM (WITH RECURSIVE chain(id, depth) AS (
                SELECT a.parent_id, 1 WHERE a.parent_id IS NOT NULL
                UNION ALL
                SELECT x.parent_id, chain.depth + 1 FROM chain JOIN areas_area x ON x.id = chain.id
                WHERE x.parent_id IS NOT NULL AND chain.depth < 10)
              SELECT * FROM chain) c
        JOIN areas_area p ON p.id = c.id JOIN areas_divisiontype pd ON pd.id = p.division_id)
) ORDER BY d.level, d.slug, a.code), '[]')::text
FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id
WHERE ST_Covers(a.geometry, ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 3067))
"""


def sample_points(count: int, seed: int = 11) -> list[tuple[float, float]]:
    """Random lon/lat points inside the city (the same for both contenders)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform((ST_Dump(ST_GeneratePoints(c.g, %s, %s))).geom, 4326) g "
            "FROM bench_city c) s",
            [count, seed],
        )
        return [(round(x, 6), round(y, 6)) for x, y in cursor.fetchall()]


def run(ctx) -> list[Result]:
    points = sample_points(50)
    client = Client()
    api_points, raw_points = itertools.cycle(points), itertools.cycle(points)

    def api():
        lon, lat = next(api_points)
        response = client.get("/api/v1/lookup/", {"lat": lat, "lon": lon})
        assert response.status_code == 200, response.content[:200]

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW, next(raw_points))
            cursor.fetchone()

    etags = {}
    for lon, lat in points:
        etags[(lon, lat)] = client.get("/api/v1/lookup/", {"lat": lat, "lon": lon}).get("ETag")
    revalidated_points = itertools.cycle(points)

    def revalidated():
        lon, lat = next(revalidated_points)
        response = client.get("/api/v1/lookup/", {"lat": lat, "lon": lon}, HTTP_IF_NONE_MATCH=etags[(lon, lat)])
        assert response.status_code == 304, response.status_code

    runs = ctx.runs(60)
    medians = timed_interleaved({"api": api, "raw_sql": raw}, repeat=runs, warmup=3)
    api_ms, raw_ms = medians["api"], medians["raw_sql"]
    figures = {"api": api_ms, "raw_sql": raw_ms}
    if all(etags.values()):
        figures["api_304"] = timed(revalidated, repeat=runs, warmup=3)
    over = api_ms - raw_ms
    return [
        Result(
            pair="lookup: API vs raw SQL",
            scale=ctx.label,
            figures=figures,
            ratios={"api/raw": ratio(api_ms, raw_ms), "api-raw ms": over},
            target=f"api - raw <= {TARGET_MS} ms",
            met=over <= TARGET_MS,
            notes=[f"median of {runs} lookups at random points in the city, in-process Django client, API and raw query in turn"],
        )
    ]
