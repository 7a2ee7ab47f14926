"""Servers the bench starts on loopback and stops: the service under gunicorn
and pygeoapi under gunicorn in the bench's own virtual environment."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
import yaml  # pygeoapi's config; PyYAML comes with drf-spectacular

from .database import BASE_DIR, conninfo

TOOLS = Path(__file__).resolve().parent / "tools"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool_venv(root: Path) -> Path:
    """var/bench/venv with pygeoapi and geopandas; (re)installed when the requirements change."""
    venv = root / "venv"
    python = venv / "bin" / "python"
    requirements = TOOLS / "requirements.txt"
    stamp = venv / (".installed-" + hashlib.sha256(requirements.read_bytes()).hexdigest()[:16])
    if not stamp.exists():
        print("==> Installing pygeoapi and geopandas into", venv, flush=True)
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(requirements)], check=True)
        for old in venv.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return python


class Server:
    def __init__(self, name: str, command: list[str], env: dict, url: str, probe: str, log: Path, cwd: Path = BASE_DIR):
        self.name, self.url = name, url
        self.log = open(log, "w")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=cwd)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {log}")
            try:
                if requests.get(url + probe, timeout=5).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{name} did not answer within 60 s; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def static_collect(out: Path) -> Path:
    """collectstatic with production's storage into out/static: hashed names and the
    .gz and .br copies whitenoise serves (what production sends)."""
    root = out / "static"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(root)}
    env.setdefault("GEO_ENV", "development")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"],
        env=env, cwd=BASE_DIR, check=True, timeout=900,
    )  # fmt: skip
    return root


def service_start(*, database_url: str, out: Path) -> Server:
    """The service as production runs it: gunicorn.conf.py's worker class and workers
    (geo_osallisuus/serverconf.py; GUNICORN_* in the environment change them)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env["BENCH_STATIC_ROOT"] = str(static_collect(out))
    env.setdefault("GEO_ENV", "development")
    # Development settings keep no connections; the measured server pools them as production does.
    env.setdefault("DATABASE_POOL", "true")
    command = [
        sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--config", str(BASE_DIR / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning",
    ]  # fmt: skip
    return Server("gunicorn (service)", command, env, f"http://127.0.0.1:{port}", "/api/v1/", out / "gunicorn.log")


def pygeoapi_config(*, database_url: str, port: int) -> dict:
    db = conninfo(database_url)
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": f"http://127.0.0.1:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 10, "max_items": 10000},
            "map": {"url": "http://127.0.0.1/none/{z}/{x}/{y}.png", "attribution": "none"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "keywords_type": "theme",
                "terms_of_service": "https://creativecommons.org/licenses/by/4.0/",
                "url": "http://127.0.0.1/",
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "bench", "url": "http://127.0.0.1/"},
            "contact": {"name": "bench", "position": "bench", "email": "bench@example.org"},
        },
        "resources": {
            "points": {
                "type": "collection",
                "title": "points",
                "description": "feedback-like points",
                "keywords": ["bench"],
                "extents": {
                    "spatial": {
                        "bbox": [24.5, 60.0, 25.5, 60.4],
                        "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                    }
                },
                "providers": [
                    {
                        "type": "feature",
                        "name": "PostgreSQL",
                        "data": {**db, "search_path": ["public"]},
                        "id_field": "id",
                        "table": "bench_benchpoint",
                        "geom_field": "geometry",
                        "storage_crs": "http://www.opengis.net/def/crs/EPSG/0/3067",
                    }
                ],
            }
        },
    }


def pygeoapi_start(*, python: Path, database_url: str, out: Path, workers: int = 2) -> Server:
    port = free_port()
    config = out / "pygeoapi.yml"
    openapi = out / "pygeoapi-openapi.yml"
    config.write_text(yaml.safe_dump(pygeoapi_config(database_url=database_url, port=port), sort_keys=False))
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    bin_dir = python.parent
    subprocess.run(
        [str(bin_dir / "pygeoapi"), "openapi", "generate", str(config), "--output-file", str(openapi)],
        env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    command = [
        str(bin_dir / "gunicorn"), "pygeoapi.flask_app:APP",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "300", "--log-level", "warning",
    ]  # fmt: skip
    # Not from the checkout: gunicorn would read the service's gunicorn.conf.py there (which
    # imports Django, absent from the bench venv).
    return Server("pygeoapi", command, env, f"http://127.0.0.1:{port}", "/collections/points", out / "pygeoapi.log", cwd=out)
