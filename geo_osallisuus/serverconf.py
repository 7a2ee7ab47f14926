"""How the production server (gunicorn) runs: worker class, processes and threads.

One rule for `gunicorn.conf.py` (production) and the load run (load/server.py),
read from the environment:

- GUNICORN_WORKER_CLASS: `gthread` (default: GUNICORN_THREADS requests at a
  time per process, connections kept alive) or `sync` (one request at a time,
  a new connection per request);
- GUNICORN_WORKERS: processes (default: one per CPU core);
- GUNICORN_THREADS: threads per process with gthread (default: one per pooled
  connection, DATABASE_POOL_MAX_SIZE, or DEFAULT_THREADS without the pool);
  sync has one.

The defaults were chosen from measurements on a 2-core machine (README "Load
test", bench/RESULTS.md History, 2026-12-05): with 8 clients, gthread with 2
processes x 8 threads answered the lookup 4-8x faster than any sync worker
count and spent less than half the CPU per request (the clients' connections
are kept alive instead of opened and accepted for every request), and faster
than 2 x 4 or 3 x 2; the bbox page, bound by its own Python work, gained less. Each thread holds a pooled
connection while it answers, so there are never more threads than the pool holds.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from . import dbpool

WORKER_CLASSES = ("gthread", "sync")
DEFAULT_WORKER_CLASS = "gthread"
# Threads per process without the pool (PgBouncer bounds the connections then).
DEFAULT_THREADS = 8
# Beyond these a host only queues the requests in more places and the database
# holds more connections for nothing.
MAX_WORKERS = 32
MAX_THREADS = 16


def default_workers(*, cpus: int | None) -> int:
    """One process per core, within MAX_WORKERS (1 when the core count is unknown)."""
    return min(MAX_WORKERS, cpus or 1)


def _count(environ: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if not 1 <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between 1 and {maximum}, not {value}")
    return value


def server_options(*, environ: Mapping[str, str]) -> dict[str, str | int]:
    """gunicorn's `worker_class`, `workers` and `threads` from the environment.

    Refuses what would not run as meant: an unknown worker class, threads with
    the sync class (gunicorn would silently switch to gthread), and more threads
    than the process's connection pool holds (the extra threads would wait for a
    connection, and time out with 503s, instead of answering).
    """
    worker_class = environ.get("GUNICORN_WORKER_CLASS", "").strip() or DEFAULT_WORKER_CLASS
    if worker_class not in WORKER_CLASSES:
        raise ImproperlyConfigured(f"GUNICORN_WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}, not {worker_class!r}")
    workers = _count(environ, "GUNICORN_WORKERS", default_workers(cpus=os.cpu_count()), MAX_WORKERS)
    pool = dbpool.connections_per_process(environ=environ, development=False)
    default_threads = 1 if worker_class == "sync" else min(MAX_THREADS, pool or DEFAULT_THREADS)
    threads = _count(environ, "GUNICORN_THREADS", default_threads, MAX_THREADS)
    if worker_class == "sync" and threads != 1:
        raise ImproperlyConfigured("GUNICORN_THREADS above 1 needs GUNICORN_WORKER_CLASS=gthread")
    if pool is not None and threads > pool:
        raise ImproperlyConfigured(
            f"GUNICORN_THREADS ({threads}) is more than DATABASE_POOL_MAX_SIZE ({pool}): each thread needs a connection"
        )
    return {"worker_class": worker_class, "workers": workers, "threads": threads}
