"""python -m load.profile --database NAME: where a request's time goes inside gunicorn.

One sync worker in production settings (load/profiled.py wraps the
application in cProfile) serves `requests` serial lookups at random points
and `requests` 100-case bbox pages (the points and box of load/matrix.py);
prints the functions with the most cumulative and own time.
"""

from __future__ import annotations

import argparse
import pstats
import random
import sys
import tempfile
from pathlib import Path

import requests

from bench.database import server_url, with_name

from .matrix import endpoints, sample
from .server import BASE_DIR, Gunicorn, production_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--endpoint", choices=("lookup", "bbox page"), default="lookup")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    database_url = with_name(server_url(), args.database)
    points, bbox = sample(database_url, points=200, seed=23)
    endpoint = endpoints(points, bbox)[args.endpoint]
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(database_url=database_url)
        env.update({"LOAD_PROFILE_DIR": folder, "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "1", "GUNICORN_WORKER_CLASS": "sync"})
        rng = random.Random(1)
        with Gunicorn(database_url=database_url, log=Path(folder) / "gunicorn.log", env=env, app="load.profiled:application") as server:
            session = requests.Session()
            for _ in range(args.requests):
                call = endpoint.make(0, rng)
                assert session.get(server.url + call.path, params=call.params, timeout=30).status_code == 200
        stats = pstats.Stats(*[str(p) for p in Path(folder).glob("worker-*.prof")])
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
