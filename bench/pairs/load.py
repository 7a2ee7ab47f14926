"""HTTP throughput and latency under gunicorn as production runs it (gunicorn.conf.py)
with concurrent clients on loopback: the lookup and a 100-feature bbox page of
cases. Bounded: each endpoint gets at most REQUESTS requests or SECONDS seconds.
The clients run on the same 2 cores, so the figures are a floor."""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from ..measure import Result, percentile
from .lists import bbox_for
from .lookup import sample_points

CLIENTS = 8
REQUESTS = 600
SECONDS = 10.0


def _hammer(urls) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS
    counter = itertools.count()

    def client():
        session = requests.Session()
        while next(counter) < REQUESTS and time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                ok = session.get(next(urls), timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(client) for _ in range(CLIENTS)]:
            future.result()
    wall = time.perf_counter() - start
    return {
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "n": len(latencies),
        "errors": errors[0],
    }


def run(ctx) -> list[Result]:
    if not ctx.service_url:
        return []
    points = sample_points(200, seed=23)
    lookups = itertools.cycle(f"{ctx.service_url}/api/v1/lookup/?lat={lat}&lon={lon}" for lon, lat in points)
    box, _ = bbox_for(100, "cases_case")
    bbox = ",".join(str(v) for v in box)
    lists = itertools.cycle([f"{ctx.service_url}/api/v1/cases/?bbox={bbox}&page_size=100"])
    results = []
    for name, urls in (("lookup", lookups), ("cases bbox page of 100", lists)):
        figures = _hammer(urls)
        results.append(
            Result(
                pair=f"gunicorn load: {name}",
                scale=ctx.label,
                unit="req/s, ms",
                figures={"req_per_s": figures["rps"], "p50_ms": figures["p50"], "p99_ms": figures["p99"]},
                target="reported (no target in the issue)",
                notes=[f"{CLIENTS} concurrent clients, {figures['n']} requests, {figures['errors']} errors"],
            )
        )
    return results
