"""A throwaway PostgreSQL + PostGIS cluster in a temporary folder, on its own port.

For tests that stop and start the database server: they must never touch the
shared cluster other people and tests use. As in scripts/devdb.sh, a root user
runs the server as the unprivileged system user "postgres".
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from load.server import free_port


def server_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class ThrowawayCluster:
    def __init__(self) -> None:
        bindir = server_bindir()
        if bindir is None:
            raise FileNotFoundError("initdb not found under /usr/lib/postgresql/*/bin")
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        # /tmp itself, not pytest's private tmp_path: the server user must reach it.
        self.root = Path(tempfile.mkdtemp(prefix="geo-throwaway-pg-", dir="/tmp"))
        self.root.chmod(0o755)
        self.pgdata = self.root / "pgdata"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.user = "geo"
        self.dbname = "geo_throwaway"
        self._init()

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, str(self.bindir / tool), *args], check=True, capture_output=True, text=True, timeout=timeout
        )

    def _init(self) -> None:
        self.pgdata.mkdir(mode=0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        self.log.touch()
        if self.as_root:
            shutil.chown(self.pgdata, "postgres")
            shutil.chown(pwfile, "postgres")
            shutil.chown(self.log, "postgres")
        self._run(
            "initdb", "-D", str(self.pgdata), "-U", self.user, f"--pwfile={pwfile}", "--auth-local=peer",
            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        pwfile.unlink()
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.pgdata}'\n"
                "shared_buffers = 32MB\nmax_connections = 50\n"
            )
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        with psycopg.connect(self.url(self.dbname), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")

    def url(self, dbname: str | None = None, scheme: str = "postgresql") -> str:
        return f"{scheme}://{self.user}:{self.password}@127.0.0.1:{self.port}/{dbname or self.dbname}"

    @property
    def database_url(self) -> str:
        return self.url(scheme="postgis")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.root, ignore_errors=True)
