"""`python -m bench`: the whole benchmark, start to finish.

1. creates the bench's own database (default geo_bench_run) on the project's
   server and migrates it with bench.settings;
2. starts the service under gunicorn and pygeoapi (in var/bench/venv, installed
   on first use with geopandas) on loopback;
3. per scale: generates data in PostGIS (unless every pair planned makes its
   own rows), runs the pairs planned for it;
4. prints the table, writes results.md and results.json, stops the servers and
   drops the database (unless --keep-db).

What runs where (the 20-minute budget on 2 cores): every pair at 1x and 10x;
the map page at 1x only (it needs exactly 10 000 items); the duplicate
check at 1x and 10x (10x is its target: 500 000 feedback, 50 000 proposals); the proposals
list before and after issue 24 item 1 at 1x and 10x (its own rows); at 100x the lookup,
the bbox page of cases, the tiles and the load test, with every row at 100x: the
5 million feedback-like points too, their area index (~25 million rows with the
cases' and spaces') written as one bulk load (areas.index_write). The
10 000-point list, pygeoapi, the plain serializer and the bulk assignment are
not repeated at 100x.
"""

from __future__ import annotations

import argparse
import time
import traceback
from pathlib import Path

from .database import BASE_DIR

PAIRS = ("assign", "lookup", "lists", "scaling", "tiles", "map", "load", "duplicates", "proposals")
# Pairs that make their own rows (the duplicate check, the proposals list): the cells, cases, spaces and points are
# not generated for them.
OWN_DATA = frozenset({"duplicates", "proposals"})
OPTIONAL = ("pygeoapi", "geopandas", "plain", "servers")


def _label(scale: float) -> str:
    return f"{scale:g}x"


def plan(scale: float, *, first: bool, largest: float) -> list[str]:
    """The pairs that run at `scale`."""
    pairs = ["lookup", "scaling", "tiles", "load"]
    if scale < 100 or largest < 100:
        pairs = ["assign", "lookup", "lists", "scaling", "tiles", "load", "duplicates", "proposals"]
    if first and scale >= 1:
        pairs.append("map")
    return pairs


def generic_data_needed(pairs: list[str]) -> bool:
    """Whether any of `pairs` reads the generated cells, cases, spaces and points (at 10x their
    area index alone takes minutes, which `--only duplicates` need not wait for)."""
    return bool(set(pairs) - OWN_DATA)


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of Helsinki's volumes")
    parser.add_argument("--repeat", type=float, default=1.0, help="multiplies every pair's repetitions")
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--db-name", default="geo_bench_run")
    parser.add_argument("--only", default="", help=f"comma-separated pairs: {', '.join(PAIRS)}")
    parser.add_argument("--skip", default="", help=f"pairs or parts to leave out: {', '.join(PAIRS + OPTIONAL)}")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database for inspection")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    from .setup import django_start

    database_url = django_start(db_name=args.db_name)
    from . import report, servers
    from .context import Context
    from .data import Counts, data_generate, data_prepare
    from .database import database_drop
    from .measure import Result
    from .pairs import assign, duplicates, lists, load, lookup, mappage, proposals, scaling, tiles

    modules = {
        "assign": assign, "lookup": lookup, "lists": lists, "scaling": scaling,
        "tiles": tiles, "map": mappage, "load": load, "duplicates": duplicates, "proposals": proposals,
    }  # fmt: skip
    notes: list[str] = []
    results: list[Result] = []
    scale_rows: list[dict] = []
    running: list[servers.Server] = []
    service_url = pygeoapi_url = tool_python = None
    try:
        data_prepare()
        if "servers" not in skip:
            service = servers.service_start(database_url=database_url, out=out)
            running.append(service)
            service_url = service.url
        if not {"pygeoapi", "geopandas"} <= skip:
            try:
                tool_python = servers.tool_venv(out)
            except Exception as error:
                notes.append(f"the bench venv (pygeoapi, geopandas) could not be installed: {error}")
        if tool_python and "pygeoapi" not in skip and "servers" not in skip:
            try:
                pygeo = servers.pygeoapi_start(python=tool_python, database_url=database_url, out=out)
                running.append(pygeo)
                pygeoapi_url = pygeo.url
            except Exception as error:
                notes.append(f"pygeoapi could not be started: {error}")
        largest = max(scales)
        for index, scale in enumerate(scales):
            label = _label(scale)
            pairs = [p for p in plan(scale, first=index == 0, largest=largest) if p not in skip]
            if only:
                pairs = [p for p in pairs if p in only]
            steps = {"skipped": "(only pairs that make their own rows)"}
            if generic_data_needed(pairs):
                print(f"==> {label}: generating data", flush=True)
                steps = data_generate(scale=scale, index_points="assign" not in pairs, bulk=scale >= 100)
            counts = Counts.at(scale).__dict__.copy()
            scale_rows.append({"label": label, "counts": counts, "steps": steps, "pairs": pairs})
            print(f"    {steps}", flush=True)
            ctx = Context(
                scale=scale, label=label, repeat=args.repeat, out=out, database_url=database_url, skip=skip,
                service_url=service_url, pygeoapi_url=pygeoapi_url, tool_python=tool_python, notes=list(notes),
            )  # fmt: skip
            for name in pairs:
                print(f"==> {label}: {name}", flush=True)
                pair_start = time.perf_counter()
                try:
                    found = modules[name].run(ctx)
                except Exception as error:
                    traceback.print_exc()
                    found = [Result(pair=name, scale=label, notes=[f"failed: {error!r}"])]
                results.extend(found)
                for r in found:
                    print("    " + report.console([r]).splitlines()[1], flush=True)
                print(f"    ({time.perf_counter() - pair_start:.1f} s)", flush=True)
        if len(scales) > 1:
            results.extend(report.scaling(results, _label(scales[0]), _label(scales[-1])))
        info = report.machine()
    finally:
        for server in running:
            server.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            database_drop(name=args.db_name)
    elapsed = time.perf_counter() - started
    report.write(out, results=results, scales=scale_rows, info=info, elapsed_s=elapsed, notes=notes)
    print()
    print(report.console(results))
    print(f"\nWritten {out / 'results.md'} and {out / 'results.json'} in {elapsed / 60:.1f} min.")
    return 0
