"""The service as it runs in production: gunicorn with GEO_ENV=production, on loopback."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent

# Write throttles are configured by rates in the environment (settings.py,
# REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]); a load run sends thousands of writes
# from one address, so they are set far above it. Any rate variable already in
# the environment wins, and every other variable passes through to the server.
HIGH_RATE = "1000000/minute"
RATE_VARIABLES = ("FEEDBACK_ANON_RATE", "FEEDBACK_USER_RATE", "INITIATIVE_WRITE_RATE", "WRITE_ANON_RATE", "WRITE_USER_RATE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(*, database_url: str, high_rates: bool = True) -> dict[str, str]:
    """Settings as production reads them, for a server on plain-HTTP loopback."""
    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "GEO_ENV": "production",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Loopback has no TLS: no redirect to https (production behind a TLS proxy keeps it on).
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if high_rates:
        for name in RATE_VARIABLES:
            env.setdefault(name, HIGH_RATE)
    return env


class Gunicorn:
    """gunicorn serving geo_osallisuus.wsgi on a free loopback port until stop().

    It reads the production gunicorn.conf.py; `worker_class`, `workers` and
    `threads` given here are passed to it through its environment variables
    (geo_osallisuus/serverconf.py), so the same rule checks them, and those not
    given are production's defaults. `app` names another WSGI application (the
    load run's profiling wrapper)."""

    def __init__(
        self, *, database_url: str, workers: int | None = None, threads: int | None = None,
        worker_class: str | None = None, log: Path, env: dict | None = None,
        app: str = "geo_osallisuus.wsgi:application",
    ):  # fmt: skip
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = open(log, "w")
        env = dict(env or production_env(database_url=database_url))
        for name, value in (("GUNICORN_WORKERS", workers), ("GUNICORN_THREADS", threads), ("GUNICORN_WORKER_CLASS", worker_class)):
            if value is not None:
                env[name] = str(value)
        command = [
            sys.executable, "-m", "gunicorn", app, "--config", str(BASE_DIR / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_text()}")
            try:
                # The liveness probe: up once a worker answers, whatever the database does.
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
