"""A 10 000-feature GeoJSON bbox list of feedback-like points, four ways:

- the service's located list (LocatedViewSet, the same code as /api/v1/cases/),
  in pages of its largest page size, in-process;
- one raw SQL query that builds the same FeatureCollection (same properties,
  the same `areas` from the area index) in PostGIS;
- the plain djangorestframework-gis GeoFeatureModelSerializer view, in-process;
- over HTTP on loopback: the service under gunicorn vs pygeoapi (PostgreSQL
  provider, OGC API items, limit=10000) under gunicorn, same table and box.
"""

from __future__ import annotations

import math

import requests
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from areas.api.pagination import GeoFeaturePagination

from ..measure import Result, ratio, timed
from ..models import BenchPoint

FEATURES = 10_000
TARGET_RAW = 1.3  # API <= 1.3x raw SQL
TARGET_PLAIN = 10.0  # plain serializer >= 10x slower than the API
TARGET_PYGEOAPI = 2.0  # pygeoapi >= 2x slower than the API
CENTRE = (24.9384, 60.1699)  # Helsinki central station, lon/lat

ENVELOPE = "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 3067)"

RAW = f"""
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f.feature ORDER BY f.id), '[]'))::text
FROM (
  SELECT p.id, json_build_object(
    'id', p.id, 'type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_Transform(p.geometry, 4326), 7)::json,
    'properties', json_build_object(
      'title', p.title, 'category', p.category, 'created_at', p.created_at,
      'areas', (
        SELECT coalesce(json_agg(json_build_object('id', a.id, 'division', d.slug, 'code', a.code, 'name', a.name,
               'within', m.covers) ORDER BY d.level, d.slug, a.code), '[]')
        FROM areas_areamembership m JOIN areas_area a ON a.id = m.area_id JOIN areas_divisiontype d ON d.id = m.division_id
        WHERE m.content_type_id = %s AND m.object_id = p.id),
      'distance_m', NULL)) AS feature
  FROM bench_benchpoint p
  WHERE ST_Intersects(p.geometry, {ENVELOPE})
) f
"""


def _box(half: float) -> tuple[float, float, float, float]:
    lon, lat = CENTRE
    return (lon - 2 * half, lat - half, lon + 2 * half, lat + half)


def _count(box, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE ST_Intersects(geometry, {ENVELOPE})", box)
        return cursor.fetchone()[0]


def bbox_for(features: int, table: str = "bench_benchpoint") -> tuple[tuple[float, float, float, float], int]:
    """A lon/lat box around the centre holding at most `features` rows of `table` (bisection on its size)."""
    low, high = 0.0, 0.3
    for _ in range(30):
        mid = (low + high) / 2
        if _count(_box(mid), table) <= features:
            low = mid
        else:
            high = mid
    box = tuple(round(v, 7) for v in _box(low))
    return box, _count(box, table)


def _features(data: dict) -> int:
    return len(data["features"])


def run(ctx) -> list[Result]:
    box, count = bbox_for(FEATURES)
    bbox = ",".join(str(v) for v in box)
    page_size = GeoFeaturePagination.max_page_size
    pages = max(1, math.ceil(count / page_size))
    content_type = ContentType.objects.get_for_model(BenchPoint).pk
    client = Client()
    got: dict[str, int] = {}

    def api():
        # As a client walks a list: the first page, then its `next` links (cursor pages, no COUNT).
        n, url, query = 0, "/bench/api/points/", {"bbox": bbox, "page_size": page_size}
        while url:
            response = client.get(url, query)
            assert response.status_code == 200, response.content[:300]
            data = response.json()
            n += _features(data)
            url, query = data["next"], None
        got["api"] = n

    def raw():
        import json

        with connection.cursor() as cursor:
            cursor.execute(RAW, [content_type, *box])
            got["raw_sql"] = _features(json.loads(cursor.fetchone()[0]))

    def plain():
        response = client.get("/bench/plain/points/", {"in_bbox": bbox})
        assert response.status_code == 200, response.content[:300]
        got["plain_drf_gis"] = _features(response.json())

    runs = ctx.runs(5)
    figures = {"api": timed(api, repeat=runs), "raw_sql": timed(raw, repeat=runs)}
    if "plain" not in ctx.skip:
        figures["plain_drf_gis"] = timed(plain, repeat=max(1, runs // 2), warmup=0)
    notes = [
        f"{count} features in bbox={bbox}; the API in {pages} page(s) of {page_size} (its maximum page size), "
        "following the `next` links (keyset cursor, COUNT on the first page only); "
        f"median of {runs}; features returned: {got}",
    ]
    results = [
        Result(
            pair="bbox list 10k: API vs raw SQL",
            scale=ctx.label,
            figures={"api": figures["api"], "raw_sql": figures["raw_sql"]},
            ratios={"api/raw": ratio(figures["api"], figures["raw_sql"])},
            target=f"api/raw <= {TARGET_RAW}",
            met=ratio(figures["api"], figures["raw_sql"]) <= TARGET_RAW,
            notes=notes,
        )
    ]
    if "plain_drf_gis" in figures:
        r = ratio(figures["plain_drf_gis"], figures["api"])
        results.append(
            Result(
                pair="bbox list 10k: plain drf-gis serializer vs API",
                scale=ctx.label,
                figures={"plain_drf_gis": figures["plain_drf_gis"], "api": figures["api"]},
                ratios={"plain/api": r},
                target=f"plain/api >= {TARGET_PLAIN}",
                met=r >= TARGET_PLAIN,
                notes=["plain: GeoFeatureModelSerializer, GEOS geometry, one unpaginated response, in-process"],
            )
        )
    if ctx.service_url and ctx.pygeoapi_url:
        results.append(_pygeoapi(ctx, bbox, count, page_size, pages))
    elif "pygeoapi" not in ctx.skip:
        results.append(
            Result(
                pair="bbox list 10k: pygeoapi vs API over HTTP",
                scale=ctx.label,
                target=f"pygeoapi/api >= {TARGET_PYGEOAPI}",
                notes=["not measured: " + "; ".join(ctx.notes or ["pygeoapi not running"])],
            )
        )
    return results


def _pygeoapi(ctx, bbox: str, count: int, page_size: int, pages: int) -> Result:
    session = requests.Session()
    got: dict[str, int] = {}

    def service():
        n, url, query = 0, f"{ctx.service_url}/bench/api/points/", {"bbox": bbox, "page_size": page_size}
        while url:
            response = session.get(url, params=query, timeout=120)
            response.raise_for_status()
            data = response.json()
            n += _features(data)
            url, query = data["next"], None
        got["service"] = n

    def pygeoapi():
        response = session.get(
            f"{ctx.pygeoapi_url}/collections/points/items",
            params={"bbox": bbox, "limit": FEATURES, "f": "json"},
            timeout=300,
        )
        response.raise_for_status()
        got["pygeoapi"] = _features(response.json())

    runs = ctx.runs(3)
    service_ms = timed(service, repeat=runs)
    pygeoapi_ms = timed(pygeoapi, repeat=runs)
    r = ratio(pygeoapi_ms, service_ms)
    return Result(
        pair="bbox list 10k: pygeoapi vs API over HTTP",
        scale=ctx.label,
        figures={"pygeoapi": pygeoapi_ms, "api_http": service_ms},
        ratios={"pygeoapi/api": r},
        target=f"pygeoapi/api >= {TARGET_PYGEOAPI}",
        met=r >= TARGET_PYGEOAPI,
        notes=[f"both under gunicorn on loopback (the service as production runs it, pygeoapi with 2 workers), serial requests, median of {runs}; features: {got}"],
    )
