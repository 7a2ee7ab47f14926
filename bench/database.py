"""The bench's own database: created before a run, dropped after it.

The server is the one DATABASE_URL names (or the project's own cluster, as in
the settings); the bench never touches the database that URL points at.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """The service's DATABASE_URL, as the settings find it."""
    url = os.environ.get("DATABASE_URL", "")
    local = BASE_DIR / "var" / "database_url"
    if not url and local.exists():
        url = local.read_text().strip()
    if not url:
        raise SystemExit("No database server: set DATABASE_URL or start the project's cluster (make test does).")
    return url


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def libpq(url: str) -> str:
    """postgis://... as a libpq URL."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def conninfo(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": str(parts.port or 5432),
        "dbname": parts.path.lstrip("/"),
        "user": parts.username or "",
        "password": parts.password or "",
    }


def database_recreate(*, name: str) -> str:
    """Drop and create the database `name`; returns its DATABASE_URL."""
    base = server_url()
    with psycopg.connect(libpq(with_name(base, "postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_name(base, name)


def database_drop(*, name: str) -> None:
    with psycopg.connect(libpq(with_name(server_url(), "postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
