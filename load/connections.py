"""How many connections a database has while a run goes on: pg_stat_activity,
sampled from a thread of its own on a connection of its own (not counted)."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import psycopg

from bench.database import libpq

# Clients' sessions only: an autovacuum worker also names the database it works in.
COUNT = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'
      AND pid <> pg_backend_pid() AND pid <> ALL(%s)
"""


class ConnectionSampler:
    """`with ConnectionSampler(database_url=...) as sampler:` ... `sampler.peak`.

    `ignore_pids`: backends that are not the server's (a test's own session)."""

    def __init__(self, *, database_url: str, interval: float = 0.05, ignore_pids: Iterable[int] = ()):
        self.url = libpq(database_url)
        self.interval = interval
        self.ignore = list(ignore_pids)
        self.peak = 0
        self.latest: int | None = None
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                self.latest = conn.execute(COUNT, [self.ignore]).fetchone()[0]
                self.peak = max(self.peak, self.latest)
                self.samples += 1
                self._stop.wait(self.interval)

    def __enter__(self) -> ConnectionSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
