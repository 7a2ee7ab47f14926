"""python -m load.matrix --database NAME: gunicorn configurations compared on one database.

How production's worker class, workers, threads and pool (gunicorn.conf.py,
geo_osallisuus/serverconf.py) were chosen: each configuration serves two
endpoints in turn, `clients` clients each for `seconds`: the point lookup at
random points in the city and a 100-case bbox page of /api/v1/cases/. The
configurations run in rounds, each round all of them once (interleaved, so that
the shared machine's load falls on all alike); the table gives the median of
the rounds and the load average seen. The database must hold areas and cases
(`python -m bench --scales 1 --only load --keep-db` leaves one).

A configuration is `CLASS:WORKERS[xTHREADS][:nopool]`, e.g. `sync:3`,
`gthread:2x4`, `sync:3:nopool`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.database import libpq, server_url, with_name

from . import runner
from .cpu import CpuMeter
from .server import BASE_DIR, Gunicorn, production_env

DEFAULT_CONFIGS = (
    "sync:2,sync:3,sync:4,sync:5,gthread:2x2,gthread:2x4,gthread:2x8,gthread:3x2,gthread:4x2,sync:3:nopool,gthread:2x4:nopool"
)
PAGE = 100


@dataclass(frozen=True)
class Config:
    worker_class: str
    workers: int
    threads: int
    pool: bool

    @classmethod
    def parse(cls, text: str) -> Config:
        match = re.fullmatch(r"(\w+):(\d+)(?:x(\d+))?(:nopool)?", text)
        if not match:
            raise ValueError(f"not CLASS:WORKERS[xTHREADS][:nopool]: {text!r}")
        worker_class, workers, threads, nopool = match.groups()
        return cls(worker_class, int(workers), int(threads or 1), not nopool)

    def env(self) -> dict[str, str]:
        env = {"GUNICORN_WORKER_CLASS": self.worker_class, "GUNICORN_WORKERS": str(self.workers),
               "GUNICORN_THREADS": str(self.threads), "DATABASE_POOL": "true" if self.pool else "false"}  # fmt: skip
        if self.pool:
            env["DATABASE_POOL_MAX_SIZE"] = str(max(self.threads, 1))
        return env

    def __str__(self) -> str:
        threads = f"x{self.threads}" if self.worker_class != "sync" else ""
        return f"{self.worker_class}:{self.workers}{threads}{'' if self.pool else ':nopool'}"


def sample(database_url: str, *, points: int, seed: int) -> tuple[list[tuple[float, float]], str]:
    """Lookup points inside the city and a lon/lat box around the centre holding about PAGE cases."""
    with psycopg.connect(libpq(database_url)) as conn:
        conn.execute("SELECT setseed(%s)", [seed / 1000])
        city = (
            "(SELECT ST_Union(a.geometry) FROM areas_area a JOIN areas_divisiontype d ON d.id = a.division_id "
            "WHERE d.slug = 'suurpiiri')"
        )
        rows = conn.execute(
            f"SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform((ST_Dump(ST_GeneratePoints({city}, %s, %s))).geom, 4326) g) s",
            [points, seed],
        ).fetchall()
        centre = conn.execute(f"SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Transform(ST_Centroid({city}), 4326) c) s").fetchone()

        def count(half: float) -> int:
            box = (centre[0] - 2 * half, centre[1] - half, centre[0] + 2 * half, centre[1] + half)
            sql = "SELECT count(*) FROM cases_case WHERE geometry && ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 3067)"
            return conn.execute(sql, box).fetchone()[0]

        low, high = 0.0, 0.3
        for _ in range(25):
            mid = (low + high) / 2
            low, high = (mid, high) if count(mid) <= 2 * PAGE else (low, mid)
    box = (centre[0] - 2 * low, centre[1] - low, centre[0] + 2 * low, centre[1] + low)
    return [(round(x, 6), round(y, 6)) for x, y in rows], ",".join(f"{v:.6f}" for v in box)


def endpoints(points: list[tuple[float, float]], bbox: str) -> dict[str, runner.Endpoint]:
    def lookup(client: int, rng: random.Random) -> runner.Call:
        lon, lat = rng.choice(points)
        return runner.Call("GET", "/api/v1/lookup/", params={"lat": f"{lat}", "lon": f"{lon}"})

    page = runner.Call("GET", "/api/v1/cases/", params={"bbox": bbox, "page_size": str(PAGE)})
    return {
        "lookup": runner.Endpoint("lookup", lookup),
        "bbox page": runner.Endpoint("bbox page", lambda c, r: page),
    }


def measure(*, config: Config, database_url: str, named: dict[str, runner.Endpoint], clients: int, seconds: float,
            out: Path) -> dict[str, dict]:  # fmt: skip
    env = production_env(database_url=database_url)
    env.update(config.env())
    figures = {}
    with Gunicorn(database_url=database_url, log=out / f"gunicorn-{config}.log", env=env) as server:
        for name, endpoint in named.items():
            runner.run(base_url=server.url, endpoints=[endpoint], clients=clients, seconds=1.0)  # warm every worker
            load_before = os.getloadavg()[0]
            meter = CpuMeter(server_pid=server.process.pid, database_url=database_url)
            meter.start()
            client_before = time.process_time()
            result = runner.run(base_url=server.url, endpoints=[endpoint], clients=clients, seconds=seconds)
            client = time.process_time() - client_before
            server_cpu, database_cpu = meter.stop()
            row = result.rows()[0]
            if result.errors:
                # Counted, not fatal: an error is a finding about the configuration (the table shows it).
                print(f"{config} {name}: {result.errors} errors: {result.endpoints[name].samples[:2]}", flush=True)
            per_request = 1000 / max(row["requests"], 1)
            figures[name] = {
                **row, "load": (load_before + os.getloadavg()[0]) / 2, "server_cpu_ms": server_cpu * per_request,
                "database_cpu_ms": database_cpu * per_request, "client_cpu_ms": client * per_request,
            }  # fmt: skip
    return figures


def table(configs: list[Config], runs: dict[str, list[dict]]) -> str:
    """Medians of the rounds: wall-clock figures (swinging with the machine's load) and the CPU
    milliseconds per request of gunicorn, of its database backends and of the clients."""
    lines = [
        "| configuration | lookup req/s | p50 / p99 ms | CPU ms/req server + db + clients | bbox page req/s | p50 / p99 ms "
        "| CPU ms/req server + db + clients | load average | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for config in configs:
        rounds = runs[str(config)]

        def med(endpoint: str, key: str) -> float:
            return statistics.median(r[endpoint][key] for r in rounds)

        cells = []
        for endpoint in ("lookup", "bbox page"):
            cells += [
                f"{med(endpoint, 'rps'):.0f}",
                f"{med(endpoint, 'p50_ms'):.1f} / {med(endpoint, 'p99_ms'):.1f}",
                f"{med(endpoint, 'server_cpu_ms'):.2f} + {med(endpoint, 'database_cpu_ms'):.2f} + {med(endpoint, 'client_cpu_ms'):.2f}",
            ]
        load = statistics.median(r[e]["load"] for r in rounds for e in ("lookup", "bbox page"))
        errors = sum(r[e]["errors"] for r in rounds for e in ("lookup", "bbox page"))
        lines.append(f"| {config} | " + " | ".join(cells) + f" | {load:.1f} | {errors} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.matrix", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="an existing database on the project's server")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "load-matrix")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    configs = [Config.parse(c) for c in args.configs.split(",") if c.strip()]
    database_url = with_name(server_url(), args.database)
    points, bbox = sample(database_url, points=200, seed=23)
    named = endpoints(points, bbox)
    runs: dict[str, list[dict]] = {str(c): [] for c in configs}
    for round_ in range(args.rounds):
        for config in configs:
            figures = measure(config=config, database_url=database_url, named=named, clients=args.clients,
                              seconds=args.seconds, out=args.out)  # fmt: skip
            runs[str(config)].append(figures)
            print(f"round {round_ + 1} {config}: " + "; ".join(
                f"{n} {f['rps']:.0f} req/s p50 {f['p50_ms']:.1f} p99 {f['p99_ms']:.1f}, CPU ms/req {f['server_cpu_ms']:.2f} "
                f"+ {f['database_cpu_ms']:.2f} + {f['client_cpu_ms']:.2f} (load {f['load']:.1f})"
                for n, f in figures.items()), flush=True)  # fmt: skip
    report = f"bbox={bbox}, {args.clients} clients, {args.seconds:g} s per endpoint, median of {args.rounds} rounds\n\n"
    report += table(configs, runs)
    print(report)
    (args.out / "matrix.md").write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
