"""The development server keeps no database connection after its requests.

runserver answers each request in a thread of its own; a connection kept for
CONN_MAX_AGE outlived its thread, and 80 parallel requests once left 76 idle
connections on a cluster that allows 100. In development settings every
request's connection is closed when it ends (geo_osallisuus/dbpool.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import requests
from django.db import connection

from load.connections import ConnectionSampler
from load.server import BASE_DIR, free_port

from .conftest import all_at_once
from .imports import database_url

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 40
# What may remain once the answers are in: nothing but a connection still closing.
LEFT_BOUND = 1


def _own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _runserver(port: int, log) -> subprocess.Popen:
    env = {**os.environ, "GEO_ENV": "development", "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    env.pop("CONN_MAX_AGE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "runserver exited"
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"runserver did not answer within {timeout} s")


def test_parallel_requests_to_the_development_server_leave_no_connections_behind(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "runserver.log", "w") as log:
        server = _runserver(port, log)
        try:
            _wait_up(url, server)
            sampler = ConnectionSampler(database_url=database_url(), ignore_pids=[_own_pid()])
            with sampler:
                answers = all_at_once(
                    PARALLEL, lambda i: requests.get(url + "/api/v1/areas/", params={"division": "suurpiiri"}, timeout=60)
                )
                assert [getattr(a, "status_code", a) for a in answers] == [200] * PARALLEL
                # A closed connection leaves pg_stat_activity a moment after its client said goodbye.
                deadline, after = time.monotonic() + 5, sampler.samples + 2  # samples taken after the answers
                while sampler.samples < after or (sampler.latest > LEFT_BOUND and time.monotonic() < deadline):
                    time.sleep(0.1)
                left = sampler.latest
        finally:
            server.terminate()
            server.wait(timeout=30)
    # The requests did reach the database (the sampler saw them), and left nothing behind.
    assert sampler.peak >= 1
    assert left <= LEFT_BOUND, f"{left} connections left after {PARALLEL} parallel requests"
