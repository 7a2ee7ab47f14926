"""The city map page with 10 000 items (pending cases and spaces) in headless
Chromium vs a folium map that inlines the same features.

The city map shows no item layer until it is switched on, so the pair ticks
*Pending cases* and *City spaces* after the page has loaded and waits until
their pages of features have arrived. Bytes are what the browser received (CDP encodedDataLength, so compression
counts); the time is from navigation to the last response (the folium page:
to Playwright's `networkidle`, which adds its 500 ms of quiet). The folium
page's CDN scripts (Leaflet from jsdelivr, ...) are blocked, not fetched: no
request leaves the machine, and their bytes are not counted in folium's favour.
The service's static files are served as production serves them: collected with
production's storage (hashed, with whitenoise's .br and .gz copies,
bench.servers.static_collect), so that the bytes are what production sends.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from urllib.parse import urlsplit

import folium
from django.db import connection

from cases.models import Case

from ..data import _insert_points
from ..measure import Result, ratio

ITEMS = 10_000
TARGET = 5.0  # folium bytes / map page bytes >= 5
CHROMIUM = "/usr/bin/chromium"

FEATURES = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(ST_Transform(geom, 4326), 7)::json,
  'properties', json_build_object('title', title, 'kind', kind, 'url', url))), '[]'))::text
FROM (
  SELECT id, geometry AS geom, coalesce(nullif(title_fi, ''), title) AS title, status AS kind,
         '/asia/' || replace(case_id, ' ', '-') || '/' AS url
  FROM cases_case WHERE status = 'pending' AND geometry IS NOT NULL
  UNION ALL
  SELECT id, point, name_fi, kind, '/tila/' || id || '/' FROM spaces_space
) items
"""


def _top_up() -> int:
    """Pending located cases so that cases + spaces make ITEMS; returns how many were added."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM cases_case WHERE status = 'pending' AND geometry IS NOT NULL)"
            " + (SELECT count(*) FROM spaces_space)"
        )
        missing = ITEMS - cursor.fetchone()[0]
    _insert_points(
        Case,
        start=0,
        count=missing,
        seed=97,
        overrides={
            "case_id": "'HEL 2096-' || lpad(n::text, 6, '0')",
            "title": "'Katusuunnitelma ' || n",
            "title_fi": "'Katusuunnitelma ' || n",
            "status": "'pending'",
            "created": "now()",
            "source": "'bench-map'",
            "geometry": "pt",
        },
    )
    return max(0, missing)


def _remove_top_up() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_case WHERE source = 'bench-map'")


def folium_page(path) -> int:
    with connection.cursor() as cursor:
        cursor.execute(FEATURES)
        collection = json.loads(cursor.fetchone()[0])
    city = folium.Map(location=[60.19, 24.94], zoom_start=11, tiles=None, prefer_canvas=True)
    folium.GeoJson(
        collection,
        name="items",
        marker=folium.CircleMarker(radius=4, weight=1, fill=True),
        popup=folium.GeoJsonPopup(fields=["title", "kind", "url"]),
    ).add_to(city)
    city.save(str(path))
    return len(collection["features"])


def _serve(directory) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _quiet(page, received: dict, *, seconds: float = 3.0, limit: float = 180.0) -> None:
    """Wait until no response has finished for `seconds` (the layers fetch page after page)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        last = received["last"]
        page.wait_for_timeout(seconds * 1000)
        if received["last"] == last:
            return


def _load(browser, url: str, *, switch_on: tuple[str, ...] = ()) -> dict:
    """Load `url`; then tick the layer checkboxes `switch_on` (the city map shows no
    item layer by default) and wait until their features have arrived."""
    page = browser.new_page()
    blocked, received = [], {"bytes": 0, "requests": 0, "last": 0.0}

    def route(request_route):
        if urlsplit(request_route.request.url).hostname not in ("127.0.0.1", "localhost"):
            blocked.append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()

    page.route("**/*", route)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def finished(event):
        received["bytes"] += int(event.get("encodedDataLength", 0))
        received["requests"] += 1
        received["last"] = time.monotonic()

    cdp.on("Network.loadingFinished", finished)
    start = time.monotonic()
    page.goto(url, wait_until="networkidle", timeout=180_000)
    for key in switch_on:
        page.check(f"#layer-{key}")
    if switch_on:
        _quiet(page, received)
    elapsed = ((received["last"] if switch_on else time.monotonic()) - start) * 1000
    page.close()
    return {"ms": elapsed, "bytes": received["bytes"], "requests": received["requests"], "blocked": len(blocked)}


def run(ctx) -> list[Result]:
    if not ctx.service_url:
        return [Result(pair="map page 10k items vs inlined folium", scale=ctx.label, notes=["no service server"])]
    added = _top_up()
    try:
        items = folium_page(ctx.out / "folium_map.html")
        server, folium_url = _serve(ctx.out)
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
                _load(browser, f"{ctx.service_url}/en/")  # warm-up: static files, connections
                service = _load(browser, f"{ctx.service_url}/en/", switch_on=("cases", "spaces"))
                inlined = _load(browser, f"{folium_url}/folium_map.html")
                browser.close()
        finally:
            server.shutdown()
    finally:
        _remove_top_up()
    r = ratio(inlined["bytes"], service["bytes"])
    return [
        Result(
            pair="map page 10k items: service page vs inlined folium",
            scale=ctx.label,
            unit="bytes / ms",
            figures={
                "service_bytes": service["bytes"],
                "folium_bytes": inlined["bytes"],
                "service_load_ms": service["ms"],
                "folium_load_ms": inlined["ms"],
            },
            ratios={"folium/service bytes": r, "folium/service load time": ratio(inlined["ms"], service["ms"])},
            target=f"folium/service bytes >= {TARGET}",
            met=r >= TARGET,
            notes=[
                f"{items} items (pending cases + spaces; {added} pending cases added for the pair and removed after); "
                f"service page {service['requests']} requests; folium page {inlined['requests']} requests, "
                f"{inlined['blocked']} CDN requests blocked and not counted; static files collected and "
                "compressed as in production (whitenoise, .br/.gz)"
            ],
        )
    ]
