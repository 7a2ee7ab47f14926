"""/healthz and /readiness, as Helsinki's Django services answer them
(django-helsinki-health-endpoints), answered before the rest of the stack
(geo_osallisuus/probes.py). The database going away under a running server
is in test_db_restart.py."""

from __future__ import annotations

import time

import pytest
import requests
from django.test import Client, override_settings

from load.server import Gunicorn, free_port, production_env

# An orchestrator's probe: plain HTTP, the pod's address as its Host.
PROBE_HOST = "10.42.0.17:8000"
READY = {"status": "ok", "database": "ok"}
NOT_READY = {"status": "error", "database": "error"}


def _client() -> Client:
    return Client(HTTP_HOST=PROBE_HOST)


@pytest.mark.django_db
def test_healthz_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = _client().get("/healthz")
    assert response.status_code == 200
    # No session, no language, no CSRF: nothing of the stack below ran.
    assert "Set-Cookie" not in response.headers and "Vary" not in response.headers


@pytest.mark.django_db
def test_readiness_asks_the_database_once_and_nothing_else(django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        response = _client().get("/readiness")
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in READY} == READY and body["version"] == "0.1.0"
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_probes_are_answered_over_plain_http_for_any_host_in_production_settings():
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["osallisuus.example.fi"], DEBUG=False):
        client = Client(HTTP_HOST=PROBE_HOST)
        assert client.get("/healthz").status_code == 200
        assert client.get("/readiness").status_code == 200
        # Anything else from that host over plain HTTP is refused: the probes are the exception.
        assert client.get("/api/v1/").status_code == 400
        assert Client(HTTP_HOST="osallisuus.example.fi").get("/api/v1/").status_code == 301


def test_probes_answer_only_get():
    assert _client().post("/healthz").status_code == 405
    assert _client().get("/healthz/").status_code != 200  # the exact paths only


def test_readiness_is_503_when_the_database_does_not_answer(tmp_path):
    """The production server (gunicorn, with its connection pool) on a port where
    no database listens: alive, not ready, within the pool's timeout."""
    nowhere = f"postgis://geo:secret@127.0.0.1:{free_port()}/geo_osallisuus"
    env = production_env(database_url=nowhere)
    env["DATABASE_POOL_TIMEOUT"] = "2"
    with Gunicorn(database_url=nowhere, workers=1, log=tmp_path / "gunicorn.log", env=env) as server:
        headers = {"Host": PROBE_HOST}
        assert requests.get(server.url + "/healthz", headers=headers, timeout=10).status_code == 200
        began = time.monotonic()
        response = requests.get(server.url + "/readiness", headers=headers, timeout=30)
        took = time.monotonic() - began
        log = server.log_text()
    assert response.status_code == 503
    body = response.json()
    assert {key: body[key] for key in NOT_READY} == NOT_READY
    assert took < 2 + 3, f"readiness took {took:.1f} s"
    assert "Traceback" not in log, log
