"""How many database connections a server process may hold: one rule for the
settings and for the load run that checks it (load/__main__.py).

Development and tests keep no connection between requests: runserver starts a
thread per request, and a connection kept for CONN_MAX_AGE outlives its thread
(80 parallel requests once left 76 idle connections behind). Production keeps a
psycopg pool per process (Django's OPTIONS["pool"]), so a process never holds
more than DATABASE_POOL_MAX_SIZE connections; behind PgBouncer the pool is
switched off (DATABASE_POOL=false) and PgBouncer bounds them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DEFAULT_MIN_SIZE = 1
# Also gunicorn's threads per process (geo_osallisuus/serverconf.py): 8 measured
# fastest on the lookup (README "Load test").
DEFAULT_MAX_SIZE = 8
# Seconds a request waits for a pooled connection before it fails (and the
# database guard answers 503): short, so that a lost database is reported
# quickly instead of holding every worker.
DEFAULT_TIMEOUT = 5.0
# psycopg's pool retries a failed connection with a doubling delay until this
# many seconds have passed (its default, 300, lets the delay grow past a minute,
# and a database that is back waits that long). Once it gives up, the next
# request starts a new series at once, so a database that comes back is used
# within a few seconds.
RECONNECT_TIMEOUT = 5.0


def _true(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def pool_enabled(*, environ: Mapping[str, str], development: bool) -> bool:
    """DATABASE_POOL, on by default outside development and tests."""
    value = environ.get("DATABASE_POOL", "")
    return _true(value) if value.strip() else not development


def pool_options(*, environ: Mapping[str, str]) -> dict[str, float | int]:
    """The keyword arguments of psycopg_pool.ConnectionPool, from the environment."""
    min_size = int(environ.get("DATABASE_POOL_MIN_SIZE", DEFAULT_MIN_SIZE))
    max_size = int(environ.get("DATABASE_POOL_MAX_SIZE", DEFAULT_MAX_SIZE))
    if not 0 <= min_size <= max_size or max_size < 1:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE ({min_size}) and DATABASE_POOL_MAX_SIZE ({max_size}) need 0 <= min <= max, max >= 1"
        )
    return {
        "min_size": min_size,
        "max_size": max_size,
        "timeout": float(environ.get("DATABASE_POOL_TIMEOUT", DEFAULT_TIMEOUT)),
        "reconnect_timeout": RECONNECT_TIMEOUT,
    }


def connections_per_process(*, environ: Mapping[str, str], development: bool) -> int | None:
    """The most connections one server process holds at once; None without a pool
    (development closes each at the end of its request, PgBouncer bounds its own)."""
    if not pool_enabled(environ=environ, development=development):
        return None
    return int(pool_options(environ=environ)["max_size"])
