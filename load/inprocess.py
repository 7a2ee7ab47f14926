"""python -m load.inprocess --database NAME: a request's CPU in one process, without gunicorn or the network.

Production settings (as load.server.production_env gives them) and Django's
test client send load/'s lookup or 100-case bbox page (with the
`Accept-Encoding` requests sends, anonymous) `requests` times per run; prints the
process's CPU milliseconds per request for each run, and with `--profile` where
they go (cProfile with a CPU clock). What `load.profile` shows inside gunicorn,
here without the server's and the sockets' share, so that two versions of the
code can be compared in turn on a shared machine (bench/RESULTS.md, "bboxpage").
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time

from bench.database import server_url, with_name

from .matrix import endpoints, sample
from .server import production_env

# What requests (urllib3 with brotli installed) sends; the load tools send it too.
ACCEPT_ENCODING = "gzip, deflate, br"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.inprocess", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--endpoint", choices=("lookup", "bbox page"), default="bbox page")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    database_url = with_name(server_url(), args.database)
    env = production_env(database_url=database_url)
    env["ALLOWED_HOSTS"] += ",testserver"
    os.environ.update(env, DJANGO_SETTINGS_MODULE="geo_osallisuus.settings")
    import django

    django.setup()
    from django.test import Client

    points, bbox = sample(database_url, points=200, seed=23)
    endpoint = endpoints(points, bbox)[args.endpoint]
    client = Client(HTTP_ACCEPT="*/*", HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING, HTTP_ACCEPT_LANGUAGE="en")
    rng = random.Random(1)

    def send() -> None:
        call = endpoint.make(0, rng)
        assert client.get(call.path, call.params).status_code == 200

    for _ in range(30):  # warm the caches and the pool
        send()
    runs = []
    for _ in range(args.runs):
        start = time.process_time()
        for _ in range(args.requests):
            send()
        runs.append((time.process_time() - start) / args.requests * 1000)
    print(f"{args.endpoint}: CPU ms per request {' / '.join(f'{r:.2f}' for r in runs)}, median {statistics.median(runs):.2f}")
    if args.profile:
        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [send() for _ in range(args.requests)])
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
