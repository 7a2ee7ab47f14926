"""Running the importers as separate processes against the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the dev one)."""
    s = connection.settings_dict
    return (
        f"postgis://{quote(s['USER'], safe='')}:{quote(s['PASSWORD'], safe='')}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


# manage.py with English messages, as the suite's english_messages fixture gives
# the tests in this process (a command otherwise speaks LANGUAGE_CODE, Finnish).
MANAGE_IN_ENGLISH = (
    "import sys, django; from django.utils import translation;"
    " from django.core.management import execute_from_command_line;"
    " django.setup(); translation.activate('en'); execute_from_command_line(['manage.py', *sys.argv[1:]])"
)


def manage(*args: str) -> subprocess.Popen:
    """`manage.py args...` in its own process and its own database session."""
    env = {
        **os.environ,
        "GEO_ENV": "test",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "geo_osallisuus.settings",
    }
    return subprocess.Popen(
        [sys.executable, "-c", MANAGE_IN_ENGLISH, *args], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def ahjo_file(path: Path, count: int, *, title: str = "Asemakaavan muutos nro {n}") -> Path:
    """An Ahjo `{"cases": [...]}` page of `count` public pending cases."""
    cases = [
        {
            "CaseIDLabel": f"HEL 2024-{n:06d}",
            "CaseID": f"HEL-2024-{n:06d}",
            "Title": title.format(n=n),
            "Created": "2024-03-05T09:49:23.123",
            "Acquired": "2024-03-04T00:00:00.000",
            "ClassificationCode": "10 03 03",
            "ClassificationTitle": "Asemakaavoitus",
            "Status": "Vireillä",
            "Language": "fi",
            "PublicityClass": "Julkinen",
            "SecurityReasons": None,
        }
        for n in range(1, count + 1)
    ]
    path.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    return path


def wait_for_writes(process: subprocess.Popen, table: str, timeout: float = 120) -> int:
    """Wait until another session of this database holds a row-writing lock on `table`
    (it has begun inserting inside its transaction); its backend pid."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the import ended (exit {process.returncode}) before it was seen writing")
            cursor.execute(
                """
                SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.granted
                  AND l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """,
                [table],
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.01)
    raise AssertionError(f"no session began writing to {table} within {timeout} s")


def wait_backend_gone(pid: int, timeout: float = 30) -> None:
    """PostgreSQL notices the killed client and rolls its transaction back."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there {timeout} s after its client was killed")


def watch_lock_waits(processes: list[subprocess.Popen]) -> int:
    """While any of `processes` runs: how many times a session of this database was
    seen waiting for an advisory lock (an importer waiting for another's commit)."""
    seen = 0
    while any(p.poll() is None for p in processes):
        seen += _advisory_waiting()
        time.sleep(0.02)
    return seen


def _advisory_waiting() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """
        )
        return cursor.fetchone()[0]


@contextmanager
def starting_gate(key: str, processes: list[subprocess.Popen], timeout: float = 120) -> Iterator[None]:
    """Hold the importer's own advisory lock (`key`, as its service names it) until
    every one of `processes` is waiting for it, then release them at the same moment.

    Usage: `with starting_gate(key, procs): procs.extend(...)`; the processes are
    started inside the block and released when it ends.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [key])
    try:
        yield
        deadline = time.monotonic() + timeout
        while _advisory_waiting() < len(processes):
            for process in processes:
                if process.poll() is not None:
                    raise AssertionError(f"an import ended (exit {process.returncode}) before the gate opened: "
                                         f"{process.stderr.read()[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the imports did not reach the lock within {timeout} s")
            time.sleep(0.02)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])
