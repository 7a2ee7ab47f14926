"""The database goes away and comes back during a stream of requests to the
production server (gunicorn): the service answers 503 with Retry-After while
it is away, recovers by itself (no gunicorn restart), and every write it
acknowledged is in the database afterwards. /readiness says 503 while it is
away and 200 once it is back; /healthz stays 200.

The test starts its own throwaway PostgreSQL cluster: the shared one is never stopped.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
import requests

from load.server import Gunicorn, production_env

from .cluster import ThrowawayCluster, server_bindir

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REQUESTS = "/api/v1/open311/requests.json"
MESSAGE = "The service cannot reach its database right now. Please try again in a moment."
# Points inside the demo areas (lon, lat): Kallio, the railway station, Itäkeskus.
POINTS = [(24.9497, 60.1841), (24.9384, 60.1699), (25.0823, 60.2100)]


@pytest.fixture(scope="module")
def cluster():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL names an external server: this test needs its own local cluster to restart")
    if server_bindir() is None:
        pytest.skip("PostgreSQL server binaries (initdb) not found under /usr/lib/postgresql")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no system user 'postgres' to run a PostgreSQL server as")
    made = ThrowawayCluster()
    try:
        env = {**os.environ, "GEO_ENV": "test", "DATABASE_URL": made.database_url}
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_data"], ["load_demo_feedback"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True,
                timeout=600,
            )  # fmt: skip
        yield made
    finally:
        made.destroy()


class Stream:
    """One client thread: a feedback POST, then a read, over and over, recording every answer."""

    def __init__(self, url: str):
        self.url = url
        self.answers: list[tuple[float, str, int, str, str]] = []  # (time, method, status, body, Retry-After)
        self.acknowledged: dict[int, str] = {}  # service_request_id -> description
        self.failures: list[str] = []  # no HTTP answer at all
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._n = 0

    def start(self) -> Stream:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def successes_since(self, moment: float) -> int:
        return sum(1 for t, _, status, _, _ in list(self.answers) if t >= moment and status < 300)

    def _run(self) -> None:
        session = requests.Session()
        session.headers["Accept-Language"] = "en"
        while not self._stop.is_set():
            self._n += 1
            lon, lat = POINTS[self._n % len(POINTS)]
            description = f"Reliability probe number {self._n}: graffiti on the wall"
            data = {"service_code": "176", "lat": lat, "long": lon, "description": description}
            self._call(session, "POST", data, description)
            self._call(session, "GET", None, None)
            time.sleep(0.02)

    def _call(self, session, method, data, description) -> None:
        try:
            if method == "POST":
                response = session.post(self.url + REQUESTS, data=data, timeout=30)
            else:
                response = session.get(self.url + REQUESTS, params={"limit": 5}, timeout=30)
        except requests.RequestException as exc:
            self.failures.append(f"{method}: {exc!r}")
            return
        self.answers.append(
            (time.monotonic(), method, response.status_code, response.text[:300], response.headers.get("Retry-After", ""))
        )
        if method == "POST" and response.status_code == 201:
            self.acknowledged[int(response.json()[0]["service_request_id"])] = description


def wait_for(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def test_the_service_recovers_by_itself_and_keeps_every_acknowledged_write(cluster, tmp_path):
    with Gunicorn(database_url=cluster.database_url, workers=2, log=tmp_path / "gunicorn.log",
                  env=production_env(database_url=cluster.database_url)) as server:  # fmt: skip
        stream = Stream(server.url).start()
        try:
            wait_for(lambda: stream.successes_since(0) >= 20, 60, "twenty answered requests before the restart")

            cluster.stop()
            down = time.monotonic()
            wait_for(lambda: any(a[2] == 503 for a in list(stream.answers) if a[0] >= down), 30, "a 503 while away")
            # Alive, not ready (geo_osallisuus/probes.py), while a stream of requests meets the missing database.
            alive_while_away = requests.get(server.url + "/healthz", timeout=30).status_code
            ready_while_away = requests.get(server.url + "/readiness", timeout=30)
            cluster.start()
            back = time.monotonic()

            recovered_in = wait_for(lambda: stream.successes_since(back) >= 20, 30, "recovery (twenty answered requests)")
            ready_again = requests.get(server.url + "/readiness", timeout=30)
        finally:
            stream.stop()
        assert server.process.poll() is None, "gunicorn itself went down"
        log = server.log_text()

    answers = stream.answers
    assert stream.failures == [], stream.failures[:5]
    # Nothing but success or "try again": no 500, nothing else.
    statuses = {status for _, _, status, _, _ in answers}
    assert statuses <= {200, 201, 503}, [a for a in answers if a[2] not in (200, 201, 503)][:5]
    unavailable = [a for a in answers if a[2] == 503]
    assert unavailable, "no request met the missing database"
    assert all(MESSAGE in body and retry == "5" for _, _, _, body, retry in unavailable), unavailable[:3]
    # In the shape GeoReport v2 clients read errors in.
    assert all(json.loads(body) == [{"code": 503, "description": MESSAGE}] for _, _, _, body, _ in unavailable)
    assert "Internal Server Error" not in log and "Traceback" not in log, log
    assert alive_while_away == 200
    assert ready_while_away.status_code == 503 and ready_while_away.json()["database"] == "error"
    assert ready_again.status_code == 200 and ready_again.json()["database"] == "ok"
    # By itself, quickly: the first request after the database is back reconnects.
    assert recovered_in < 10
    # Every acknowledged write is there, as acknowledged.
    with psycopg.connect(cluster.url()) as conn:
        stored = dict(
            conn.execute("SELECT id, description FROM feedback_feedbackrequest WHERE id = ANY(%s)", [list(stream.acknowledged)])
        )
    assert stored == stream.acknowledged
    print(
        f"\n{len(answers)} answers: {sum(a[2] < 300 for a in answers)} ok, {len(unavailable)} x 503 while the "
        f"database was away; {len(stream.acknowledged)} acknowledged writes all stored; recovered in {recovered_in:.2f} s"
    )
