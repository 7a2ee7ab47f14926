"""The production server's workers, threads and worker class come from the
environment (geo_osallisuus/serverconf.py, read by gunicorn.conf.py), within
limits, and a refused value stops gunicorn at start with the rule's message."""

from __future__ import annotations

import os
import runpy

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured

from geo_osallisuus.serverconf import default_workers, server_options
from load.server import BASE_DIR, Gunicorn, production_env

from .imports import database_url


def options(**env: str) -> dict:
    return server_options(environ=env)


def refused(**env: str) -> str:
    with pytest.raises(ImproperlyConfigured) as error:
        server_options(environ=env)
    return str(error.value)


def test_production_default_is_gthread_a_process_per_core_a_thread_per_pooled_connection():
    # The configuration chosen from the measurements (README "Load test"): 2 x 8 on this 2-core machine.
    expected = {"worker_class": "gthread", "workers": os.cpu_count(), "threads": 8}
    assert options() == expected
    # Blank is the default, as an unset variable.
    assert options(GUNICORN_WORKERS=" ", GUNICORN_WORKER_CLASS="", GUNICORN_THREADS="") == expected
    # The threads follow the pool's size: each holds a connection while it answers.
    assert options(DATABASE_POOL_MAX_SIZE="1")["threads"] == 1
    assert options(DATABASE_POOL_MAX_SIZE="6")["threads"] == 6
    assert options(DATABASE_POOL_MAX_SIZE="16")["threads"] == 16
    assert options(DATABASE_POOL_MAX_SIZE="17")["threads"] == 16
    # Without the pool, eight; sync has one.
    assert options(DATABASE_POOL="false")["threads"] == 8
    assert options(GUNICORN_WORKER_CLASS="sync") == {"worker_class": "sync", "workers": os.cpu_count(), "threads": 1}


def test_default_workers_follow_the_cores_up_to_the_limit():
    assert default_workers(cpus=2) == 2
    assert default_workers(cpus=1) == 1
    assert default_workers(cpus=None) == 1
    assert default_workers(cpus=31) == 31
    assert default_workers(cpus=32) == 32
    assert default_workers(cpus=33) == 32
    assert default_workers(cpus=64) == 32


def test_workers_from_one_to_thirty_two():
    assert options(GUNICORN_WORKERS="1")["workers"] == 1
    assert options(GUNICORN_WORKERS="2")["workers"] == 2
    assert options(GUNICORN_WORKERS="31")["workers"] == 31
    assert options(GUNICORN_WORKERS="32")["workers"] == 32
    assert refused(GUNICORN_WORKERS="0") == "GUNICORN_WORKERS must be between 1 and 32, not 0"
    assert refused(GUNICORN_WORKERS="33") == "GUNICORN_WORKERS must be between 1 and 32, not 33"
    assert refused(GUNICORN_WORKERS="-1") == "GUNICORN_WORKERS must be between 1 and 32, not -1"
    assert refused(GUNICORN_WORKERS="three") == "GUNICORN_WORKERS must be a whole number, not 'three'"
    assert refused(GUNICORN_WORKERS="2.5") == "GUNICORN_WORKERS must be a whole number, not '2.5'"


def test_threads_need_gthread_and_a_connection_each():
    gthread = {"GUNICORN_WORKER_CLASS": "gthread"}
    assert options(**gthread, GUNICORN_THREADS="4", DATABASE_POOL_MAX_SIZE="4")["threads"] == 4
    assert options(**gthread, GUNICORN_THREADS="3", DATABASE_POOL_MAX_SIZE="4")["threads"] == 3
    assert refused(**gthread, GUNICORN_THREADS="5", DATABASE_POOL_MAX_SIZE="4") == (
        "GUNICORN_THREADS (5) is more than DATABASE_POOL_MAX_SIZE (4): each thread needs a connection"
    )
    # The pool's default size (8) bounds the default too.
    assert options(**gthread, GUNICORN_THREADS="8")["threads"] == 8
    assert "GUNICORN_THREADS (9) is more than DATABASE_POOL_MAX_SIZE (8)" in refused(**gthread, GUNICORN_THREADS="9")
    # Without the pool (PgBouncer bounds the connections) only the thread limit counts.
    nopool = {**gthread, "DATABASE_POOL": "false"}
    assert options(**nopool, GUNICORN_THREADS="16")["threads"] == 16
    assert options(**nopool, GUNICORN_THREADS="15")["threads"] == 15
    assert refused(**nopool, GUNICORN_THREADS="17") == "GUNICORN_THREADS must be between 1 and 16, not 17"
    assert refused(**nopool, GUNICORN_THREADS="0") == "GUNICORN_THREADS must be between 1 and 16, not 0"
    # gunicorn would quietly turn sync into gthread: refused instead, so that the class is the one asked for.
    assert options(GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="1")["threads"] == 1
    assert refused(GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="2") == (
        "GUNICORN_THREADS above 1 needs GUNICORN_WORKER_CLASS=gthread"
    )


def test_only_the_measured_worker_classes():
    assert options(GUNICORN_WORKER_CLASS="gthread")["worker_class"] == "gthread"
    assert options(GUNICORN_WORKER_CLASS="sync")["worker_class"] == "sync"
    assert refused(GUNICORN_WORKER_CLASS="eventlet") == "GUNICORN_WORKER_CLASS must be one of gthread, sync, not 'eventlet'"
    assert refused(GUNICORN_WORKER_CLASS="Sync") == "GUNICORN_WORKER_CLASS must be one of gthread, sync, not 'Sync'"


def test_gunicorn_conf_reads_the_rule(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKER_CLASS", "gthread")
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "4")
    conf = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("gthread", 2, 4)


@pytest.mark.django_db
def test_gunicorn_refuses_to_start_with_a_refused_value(tmp_path):
    env = production_env(database_url=database_url())
    env.update({"GUNICORN_WORKERS": "0"})
    with pytest.raises(RuntimeError) as error:
        Gunicorn(database_url=database_url(), log=tmp_path / "gunicorn.log", env=env)
    assert "gunicorn exited at start" in str(error.value)
    assert "GUNICORN_WORKERS must be between 1 and 32, not 0" in str(error.value)


@pytest.mark.django_db
def test_a_threaded_worker_answers_with_a_pool_of_one_connection(tmp_path):
    # The start-up check (demo users) reads the database in the worker's main thread, which a
    # gthread worker never answers requests in: its connection must go back to the pool.
    env = production_env(database_url=database_url())
    env.update({"GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_WORKERS": "1", "DATABASE_POOL_MAX_SIZE": "1",
                "DATABASE_POOL_TIMEOUT": "2"})  # fmt: skip
    with Gunicorn(database_url=database_url(), log=tmp_path / "gunicorn.log", env=env) as server:
        statuses = [
            requests.get(server.url + "/api/v1/lookup/", params={"lat": "60.17", "lon": "24.94"}, timeout=30).status_code
            for _ in range(3)
        ]
    assert statuses == [200, 200, 200]


def test_a_worker_freezes_what_it_loaded_at_start_out_of_the_garbage_collector():
    import gc

    conf = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        conf["post_worker_init"](worker=None)
        # Everything alive now: at least the modules and Django's settings this test process holds.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
