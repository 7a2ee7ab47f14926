"""python -m load [--seconds 60] [--clients 50] [--workers N --threads N]: the load run `make load` starts.

1. (Re)creates its own database (`geo_load` on the server DATABASE_URL or the
   project's cluster names; the dev and test databases are not touched),
   migrates it and loads the demo data as `make run` does.
2. Collects the static files (production serves them from STATIC_ROOT).
3. Starts gunicorn with GEO_ENV=production and production's gunicorn.conf.py
   (workers and threads as production runs them unless given, geo_osallisuus/
   serverconf.py) on a free loopback port, write rate
   limits raised far above the run (load/server.py: any *_RATE already in the
   environment wins).
4. Runs the clients, prints per-endpoint and total requests, errors, req/s, p50
   and p99 latency, and the peak of the load database's connections
   (pg_stat_activity) beside their bound, workers x the pool's maximum size.
   Exits 1 when any request failed or the peak went over the bound.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from bench.database import database_drop, database_recreate

from geo_osallisuus import dbpool, serverconf

from . import runner, scenario
from .connections import ConnectionSampler
from .server import BASE_DIR, Gunicorn, production_env

DEMO_COMMANDS = (
    "load_demo_data", "load_demo_luotsit", "load_demo_budgeting", "load_demo_cases", "load_demo_spaces",
    "load_demo_feedback",
)  # fmt: skip


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def connection_bound(*, server_env: dict, workers: int, peak: int, database: str) -> tuple[int | None, str]:
    """The most connections the server may open (workers x its pool, geo_osallisuus.dbpool) and the report's line."""
    per_process = dbpool.connections_per_process(environ=server_env, development=False)
    line = f"database connections to {database}: peak {peak}"
    if per_process is None:
        return None, line + " (no pool in the server: DATABASE_POOL=false)"
    bound = workers * per_process
    return bound, line + f", bound {bound} ({workers} workers x pool of {per_process})"


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.strip() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("LOAD_CLIENTS", 50)))
    parser.add_argument(
        "--workers", type=int, default=_int_or_none(os.environ.get("LOAD_WORKERS")), help="gunicorn processes (default: production's)"
    )
    parser.add_argument(
        "--threads", type=int, default=_int_or_none(os.environ.get("LOAD_THREADS")),
        help="gunicorn threads per process (default: production's)",
    )  # fmt: skip
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE", "geo_load"))
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "load")
    parser.add_argument("--keep-db", action="store_true", help="Leave the load database in place afterwards.")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    print(f"==> Database {args.database}: migrate and demo data", flush=True)
    database_url = database_recreate(name=args.database)
    secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    setup_env = {**os.environ, "GEO_ENV": "development", "DATABASE_URL": database_url, "SECRET_KEY": secret_key}
    try:
        manage(setup_env, "migrate", "--noinput", "-v", "0")
        for command in DEMO_COMMANDS:
            manage(setup_env, command, "-v", "0")
        server_env = production_env(database_url=database_url)
        server_env.update({"SECRET_KEY": secret_key, "STATIC_ROOT": str(args.out / "static")})
        for name, value in (("GUNICORN_WORKERS", args.workers), ("GUNICORN_THREADS", args.threads)):
            if value is not None:
                server_env[name] = str(value)
        # Refused here with the rule's own message, before gunicorn would refuse to start.
        options = serverconf.server_options(environ=server_env)
        print("==> collectstatic", flush=True)
        manage(server_env, "collectstatic", "--noinput", "-v", "0")

        # The signed-in clients' sessions, made with the server's SECRET_KEY.
        os.environ.update({"GEO_ENV": "development", "DATABASE_URL": database_url, "SECRET_KEY": secret_key})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_osallisuus.settings")
        import django

        django.setup()
        context = scenario.prepare(clients=args.clients)
        from django.db import connections

        connections.close_all()

        print(
            f"==> gunicorn ({options['workers']} {options['worker_class']} workers x {options['threads']} threads) in production "
            f"settings; {args.clients} clients for {args.seconds:g} s", flush=True,
        )  # fmt: skip
        load_before = os.getloadavg()
        with ConnectionSampler(database_url=database_url) as sampler:
            with Gunicorn(database_url=database_url, log=args.out / "gunicorn.log", env=server_env) as server:
                result = runner.run(
                    base_url=server.url, endpoints=scenario.endpoints(context), clients=args.clients, seconds=args.seconds,
                    headers_for=lambda i: context.headers[i],
                )  # fmt: skip
        # The machine's own load puts the figures in context (the clients share its CPUs).
        machine = f"machine: {os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
        bound, connections = connection_bound(server_env=server_env, workers=options["workers"], peak=sampler.peak, database=args.database)
        report = result.report() + "\n" + machine + "\n" + connections
        print(report)
        (args.out / "results.txt").write_text(report + "\n")
        (args.out / "results.json").write_text(json.dumps(result.rows(), indent=2) + "\n")
        over = bound is not None and sampler.peak > bound
        print(f"==> {result.errors} errors{'; too many database connections' if over else ''}; figures in {args.out}/results.txt", flush=True)
        return 1 if result.errors or over else 0
    finally:
        if not args.keep_db:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001 - Django may not be set up yet
                pass
            database_drop(name=args.database)


if __name__ == "__main__":
    sys.exit(main())
