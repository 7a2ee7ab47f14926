"""The load run's code in a short version: the production server (gunicorn) on
the test database with the demo data, a handful of clients for a few seconds
on the main read and write endpoints; zero errors, figures computed and printed,
and no more database connections than the workers' pools hold."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from feedback.models import FeedbackRequest
from initiatives.models import Initiative, InitiativeSupport
from load import runner, scenario
from load.__main__ import connection_bound
from load.connections import ConnectionSampler
from load.server import BASE_DIR, Gunicorn, production_env

from .imports import database_url

pytestmark = pytest.mark.django_db(transaction=True)

SECONDS, CLIENTS = 10, 4
# More clients than the workers' pools together hold connections: the pool is what bounds them.
WORKERS, POOL = 2, 1


def test_percentile_is_the_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert runner.percentile(values, 0.5) == 50.0 and runner.percentile(values, 0.99) == 99.0
    assert runner.percentile([0.3], 0.99) == 0.3 and runner.percentile([], 0.5) == 0.0


def test_a_short_load_run_has_no_errors_and_reports_its_figures(tmp_path, capsys):
    for command in ("load_demo_data", "load_demo_luotsit", "load_demo_cases", "load_demo_feedback"):
        call_command(command, verbosity=0)
    context = scenario.prepare(clients=CLIENTS, initiatives=20)
    env = production_env(database_url=database_url())
    # The server must accept the sessions prepare() made with this process's key.
    env.update({"SECRET_KEY": settings.SECRET_KEY, "STATIC_ROOT": str(tmp_path / "static")})
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
    feedback_before = FeedbackRequest.objects.count()

    # Each gunicorn worker keeps a pool of at most POOL connections, whatever the number of clients.
    env["DATABASE_POOL_MAX_SIZE"] = str(POOL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    with ConnectionSampler(database_url=database_url(), ignore_pids=[own_pid]) as sampler:
        with Gunicorn(database_url=database_url(), workers=WORKERS, log=tmp_path / "gunicorn.log", env=env) as server:
            result = runner.run(
                base_url=server.url, endpoints=scenario.endpoints(context), clients=CLIENTS, seconds=SECONDS,
                headers_for=lambda i: context.headers[i],
            )  # fmt: skip
            # The runner counts what is not the expected answer as an error (make load then exits 1).
            broken = runner.run(
                base_url=server.url, clients=2, seconds=1,
                endpoints=[runner.Endpoint("missing page", lambda c, r: runner.Call("GET", "/no-such-page/"))],
            )  # fmt: skip
    bound, line = connection_bound(server_env=env, workers=WORKERS, peak=sampler.peak, database="the test database")
    assert bound == WORKERS * POOL and f"peak {sampler.peak}, bound {bound}" in line
    assert 1 <= sampler.peak <= bound, line
    assert broken.errors == broken.total.requests > 0
    assert "-> 404" in broken.endpoints["missing page"].samples[0]
    print(result.report())

    assert result.errors == 0, result.report()
    assert all(f.requests > 0 for f in result.endpoints.values()), result.report()
    total = result.total
    assert total.requests == sum(f.requests for f in result.endpoints.values())
    rows = {row["endpoint"]: row for row in result.rows()}
    assert rows["TOTAL"]["rps"] > 0 and 0 < rows["TOTAL"]["p50_ms"] <= rows["TOTAL"]["p99_ms"]
    assert "TOTAL" in capsys.readouterr().out
    with capsys.disabled():  # the figures in the test log too
        print("\n" + result.report())
    # The acknowledged writes are stored.
    assert FeedbackRequest.objects.count() - feedback_before == result.endpoints["Open311 feedback POST"].requests
    supports = result.endpoints["initiative support POST"].requests
    assert InitiativeSupport.objects.filter(user__username__startswith="load-resident-").count() == min(
        supports, CLIENTS * len(context.initiatives)
    )
    assert Initiative.objects.filter(author__username__startswith="load-resident-").exists() or (
        result.endpoints["initiative create POST"].requests == 0
    )
