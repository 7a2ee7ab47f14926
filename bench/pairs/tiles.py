"""A vector tile of the cases layer: /tiles/cases/{z}/{x}/{y}.mvt (in-process) vs
one raw ST_AsMVT query with the same properties. Issue 24 asks for at most 1.5 ms
over the raw query. Also measured: the tile as the city map asks for it
(`?status=pending&properties=...`, what its popup reads), in bytes."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from django.utils import translation

from map_ui.layers import layer_registry

from ..measure import Result, ratio, timed_interleaved

TARGET_MS = 1.5  # service - raw, issue 24 item 2
TILES = ((12, 2331, 1185), (14, 9326, 4742))  # central Helsinki

RAW = """
SELECT ST_AsMVT(mvt, 'cases', 4096, 'geom', 'fid') FROM (
  SELECT c.id AS fid, c.case_id, replace(c.case_id, ' ', '-') AS ahjo_id,
         coalesce(nullif(c.title_fi, ''), nullif(c.title_sv, ''), nullif(c.title_en, ''), c.title) AS title,
         c.title_fi, c.title_sv, c.status, c.sector, c.sector_code, c.classification_code, c.classification_title,
         c.created, c.last_handled, c.is_demo,
         ST_AsMVTGeom(ST_Transform(c.geometry, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true) AS geom
  FROM cases_case c
  WHERE c.geometry && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096), 3067)
) mvt WHERE mvt.geom IS NOT NULL
"""


def _map_url() -> str:
    """The case layer's tile URL template as the English city map asks for it."""
    layer = next(layer for layer in layer_registry.layers() if layer.key == "cases")
    with translation.override("en"):
        return layer.to_config()["tiles"]


def run(ctx) -> list[Result]:
    client = Client()
    results = []
    for z, x, y in TILES:
        sizes = {}

        def service():
            response = client.get(f"/tiles/cases/{z}/{x}/{y}.mvt")
            assert response.status_code == 200, response.content[:200]
            sizes["service"] = len(response.content)

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(RAW, {"z": z, "x": x, "y": y})
                sizes["raw_sql"] = len(bytes(cursor.fetchone()[0] or b""))

        map_url = _map_url().replace("{z}/{x}/{y}", f"{z}/{x}/{y}")

        def for_the_map():
            response = client.get(map_url)
            assert response.status_code == 200, response.content[:200]
            sizes["map"] = len(response.content)
            sizes["map_br"] = len(client.get(map_url, HTTP_ACCEPT_ENCODING="br").content)

        runs = ctx.runs(40)
        medians = timed_interleaved({"service": service, "raw": raw}, repeat=runs, warmup=2)
        service_ms, raw_ms = medians["service"], medians["raw"]
        for_the_map()
        over = service_ms - raw_ms
        results.append(
            Result(
                pair=f"vector tile cases z{z}: service vs raw ST_AsMVT",
                scale=ctx.label,
                figures={"service": service_ms, "raw_sql": raw_ms},
                ratios={"service/raw": ratio(service_ms, raw_ms), "service-raw ms": over},
                target=f"service - raw <= {TARGET_MS} ms",
                met=over <= TARGET_MS,
                notes=[
                    f"tile {z}/{x}/{y}, bytes {sizes} (map: the city map's {map_url.split('?')[1]}; "
                    f"map_br: the same Brotli-compressed), median of {runs}, the two called in turn"
                ],
            )
        )
    return results
