"""scripts/devdb.sh (what `make run` and `make test` start) from a checkout the
server user cannot enter: a clone in root's 0700 home folder on Debian.

As root the server runs as "postgres", so the data goes to a system folder
named after the checkout, while var/database_url stays in the checkout. A
checkout that already has var/pgdata keeps it. Each test copies the script
into a throwaway checkout and starts a cluster on a port of its own.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from load.server import BASE_DIR, free_port

from .cluster import server_bindir

SCRIPT = BASE_DIR / "scripts" / "devdb.sh"


def _needs_root_and_postgres() -> None:
    if os.geteuid() != 0:
        pytest.skip("not root: the server runs as this user, who can reach the checkout's var/pgdata")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("there is no system user 'postgres' to run a PostgreSQL server as")
    if server_bindir() is None:
        pytest.skip("PostgreSQL server binaries (initdb) not found under /usr/lib/postgresql")


@pytest.fixture
def private_checkout():
    """A checkout holding scripts/devdb.sh inside a 0700 folder, as /root is."""
    _needs_root_and_postgres()
    parent = Path(tempfile.mkdtemp(prefix="geo-home-", dir="/tmp"))
    parent.chmod(0o700)
    checkout = parent / "geo-osallisuus"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy2(SCRIPT, checkout / "scripts" / "devdb.sh")
    try:
        yield checkout
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def devdb(checkout: Path, command: str, port: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GEO_PGPORT": str(port or free_port())}
    return subprocess.run(
        [str(checkout / "scripts" / "devdb.sh"), command], env=env, capture_output=True, text=True, timeout=180
    )


def test_the_cluster_starts_from_a_folder_the_server_user_cannot_enter(private_checkout):
    checkout = private_checkout
    assert stat.S_IMODE(checkout.parent.stat().st_mode) == 0o700
    unreachable = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(checkout)])
    assert unreachable.returncode != 0, "the premise: postgres cannot enter the checkout"
    port = free_port()
    pgdata = Path(devdb(checkout, "where").stdout.strip())
    try:
        started = devdb(checkout, "start", port)
        assert started.returncode == 0, started.stderr
        assert f"Starting PostgreSQL on 127.0.0.1:{port}" in started.stdout

        # The data where postgres can reach it, outside the checkout and owned by postgres ...
        assert pgdata.parent == Path("/var/lib/geo-osallisuus") and pgdata.name.startswith("geo-osallisuus-")
        assert pwd.getpwuid(pgdata.stat().st_uid).pw_name == "postgres"
        assert (pgdata / "geo-osallisuus-checkout").read_text().strip() == str(checkout.resolve())
        # ... and the URL in the checkout, for the settings, readable only by its owner.
        urlfile = checkout / "var" / "database_url"
        assert stat.S_IMODE(urlfile.stat().st_mode) == 0o600
        url = urlfile.read_text().strip()
        assert url.startswith("postgis://geo:") and url.endswith(f"@127.0.0.1:{port}/geo_osallisuus")
        with psycopg.connect(url.replace("postgis://", "postgresql://", 1)) as conn:
            assert conn.execute("SHOW data_directory").fetchone()[0] == str(pgdata)
            assert conn.execute("SELECT postgis_lib_version()").fetchone()[0]

        # A second start (another make run or make test) reuses the running cluster.
        again = devdb(checkout, "start", free_port())
        assert again.returncode == 0, again.stderr
        assert f"PostgreSQL already running on 127.0.0.1:{port} (reused)" in again.stdout
        assert urlfile.read_text().strip() == url

        stopped = devdb(checkout, "stop")
        assert stopped.returncode == 0 and "PostgreSQL stopped" in stopped.stdout
        status = devdb(checkout, "status")
        assert status.returncode == 3 and status.stdout.strip() == "stopped"
    finally:
        devdb(checkout, "stop")
        if pgdata.parent == Path("/var/lib/geo-osallisuus"):
            shutil.rmtree(pgdata, ignore_errors=True)


def test_a_checkout_that_has_var_pgdata_keeps_it(private_checkout):
    checkout = private_checkout
    legacy = checkout / "var" / "pgdata"
    legacy.mkdir(parents=True)
    (legacy / "PG_VERSION").write_text("15\n")
    assert devdb(checkout, "where").stdout.strip() == str(legacy.resolve())
    # Here, inside a 0700 folder, the server could not reach it: said so, nothing started.
    refused = devdb(checkout, "start")
    assert refused.returncode == 1
    assert f"error: the system user 'postgres' cannot reach {legacy.resolve()};" in refused.stderr
    assert not (checkout / "var" / "database_url").exists()


def test_two_checkouts_get_two_data_folders(private_checkout):
    other = private_checkout.parent / "another" / private_checkout.name
    shutil.copytree(private_checkout, other)
    first, second = (devdb(c, "where").stdout.strip() for c in (private_checkout, other))
    assert first != second
    assert Path(first).parent == Path(second).parent == Path("/var/lib/geo-osallisuus")


def test_a_fresh_clone_where_an_earlier_checkout_was_reuses_its_cluster_with_a_new_password(private_checkout):
    """CI clones into the same path every run and keeps /var/lib: the new var/
    has no password for the cluster the earlier checkout left there, stopped,
    with the pid file of a server that died with its machine."""
    checkout = private_checkout
    port = free_port()
    pgdata = Path(devdb(checkout, "where").stdout.strip())
    try:
        assert devdb(checkout, "start", port).returncode == 0
        old_url = (checkout / "var" / "database_url").read_text().strip()
        with psycopg.connect(old_url.replace("postgis://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (id int)")
            conn.execute("INSERT INTO kept VALUES (7)")
        stale_pid = (pgdata / "postmaster.pid").read_text()
        assert devdb(checkout, "stop").returncode == 0
        # The machine went down with the server: its pid file stays, naming a pid that is gone.
        dead = subprocess.Popen(["true"])
        dead.wait()
        (pgdata / "postmaster.pid").write_text(str(dead.pid) + "\n" + stale_pid.split("\n", 1)[1])
        shutil.chown(pgdata / "postmaster.pid", "postgres")
        shutil.rmtree(checkout / "var")  # the fresh clone

        started = devdb(checkout, "start", port)
        assert started.returncode == 0, started.stderr
        assert "db_password is gone: giving the cluster" in started.stdout
        new_url = (checkout / "var" / "database_url").read_text().strip()
        assert new_url != old_url, "a new password"
        with psycopg.connect(new_url.replace("postgis://", "postgresql://", 1)) as conn:
            assert conn.execute("SELECT id FROM kept").fetchall() == [(7,)]
        # The old password no longer opens it.
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(old_url.replace("postgis://", "postgresql://", 1)).close()

        # While it runs, losing var/ again also ends in a working URL (the server is stopped for the change).
        shutil.rmtree(checkout / "var")
        again = devdb(checkout, "start", port)
        assert again.returncode == 0, again.stderr
        with psycopg.connect((checkout / "var" / "database_url").read_text().strip().replace("postgis://", "postgresql://", 1)) as conn:
            assert conn.execute("SELECT count(*) FROM kept").fetchone()[0] == 1
    finally:
        devdb(checkout, "stop")
        if pgdata.parent == Path("/var/lib/geo-osallisuus"):
            shutil.rmtree(pgdata, ignore_errors=True)
