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


def _database_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_POOL", "CONN_MAX_AGE", "GEO_ENV", "SECRET_KEY"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="geo_osallisuus.settings")
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("geo_env", ["development", "test"])
def test_development_and_tests_keep_no_connection_and_no_pool(geo_env):
    result = _database_settings(GEO_ENV=geo_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "None"]


def test_production_pools_its_connections():
    result = _database_settings(GEO_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 {'min_size': 1, 'max_size': 8, 'timeout': 5.0, 'reconnect_timeout': 5.0}"
    sized = _database_settings(GEO_ENV="production", SECRET_KEY="x" * 50, DATABASE_POOL_MAX_SIZE="4", DATABASE_POOL_MIN_SIZE="2")
    assert sized.stdout.strip() == "0 {'min_size': 2, 'max_size': 4, 'timeout': 5.0, 'reconnect_timeout': 5.0}"


def test_behind_pgbouncer_the_pool_is_off_and_a_kept_connection_allowed():
    result = _database_settings(GEO_ENV="production", SECRET_KEY="x" * 50, DATABASE_POOL="false", CONN_MAX_AGE="60")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "None"]


def test_a_pool_with_a_kept_connection_or_a_bad_size_is_refused():
    kept = _database_settings(GEO_ENV="production", SECRET_KEY="x" * 50, CONN_MAX_AGE="60")
    assert kept.returncode != 0
    assert "CONN_MAX_AGE must be 0 with DATABASE_POOL: the pool keeps the connections." in kept.stderr
    inverted = _database_settings(GEO_ENV="production", SECRET_KEY="x" * 50, DATABASE_POOL_MIN_SIZE="9")
    assert inverted.returncode != 0
    assert "DATABASE_POOL_MIN_SIZE (9) and DATABASE_POOL_MAX_SIZE (8) need 0 <= min <= max, max >= 1" in inverted.stderr
