"""Production settings pass Django's deployment check; development still serves
plain http on loopback (make run)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, which has every migration applied."""
    db = connection.settings_dict
    return f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(**values: str) -> dict[str, str]:
    """The environment of a fresh process, without this test run's settings (DJANGO_ALLOW_ASYNC_UNSAFE:
    set for the session by the browser tests' Playwright, tests/browser/conftest.py, whenever a browser
    test ran earlier in the same process; the deploy check refuses it as async.E001)."""
    dropped = {"SECRET_KEY", "DEBUG", "GEO_ENV", "ALLOWED_HOSTS", "TEST_DATABASE_NAME", "DJANGO_SETTINGS_MODULE"}
    dropped |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    dropped |= {name for name in os.environ if name.startswith(("SECURE_", "AXES_", "WRITE_"))}
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **values}


def production(**values: str) -> dict[str, str]:
    return environment(
        GEO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="osallisuus.example.fi",
        DATABASE_URL=database_url(),
        **values,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "geo_osallisuus.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.django_db
def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "security.W" not in output, output
    assert "System check identified no issues" in output


@pytest.mark.django_db
def test_a_weak_production_setting_fails_the_deploy_check():
    """The check is not silenced wholesale: turning HSTS off is caught."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production(SECURE_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.django_db
def test_production_defaults_and_their_environment_variables():
    defaults = settings_in(
        production(),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    assert defaults == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    behind_proxy = settings_in(
        production(SECURE_PROXY_SSL_HEADER="true", SECURE_HSTS_SECONDS="600", SECURE_HSTS_PRELOAD="true"),
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SILENCED_SYSTEM_CHECKS",
    )
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind_proxy["SECURE_HSTS_SECONDS"] == 600 and behind_proxy["SECURE_HSTS_PRELOAD"] is True
    # With preloading asked for, its check is no longer silenced.
    assert "security.W021" not in behind_proxy["SILENCED_SYSTEM_CHECKS"]


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_production_redirects_plain_http_and_sends_hsts_over_https():
    client = Client()
    plain = client.get("/api/v1/lookup/?lat=60.17&lon=24.94")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/api/v1/lookup/?lat=60.17&lon=24.94"
    # The TLS proxy's header is what tells Django that the request was secure.
    secure = client.get("/api/v1/lookup/?lat=60.17&lon=24.94", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_development_server_serves_plain_http_on_loopback():
    """What make run starts (GEO_ENV=development, runserver on 127.0.0.1):
    pages over http, no redirect to https, no HSTS, cookies not Secure-only."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(GEO_ENV="development", DATABASE_URL=database_url()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=10)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "the development server stopped"
                assert time.monotonic() < deadline, "the development server did not answer in a minute"
                time.sleep(0.5)
        assert response.status == 200 and response.url == f"http://127.0.0.1:{port}/admin/login/"
        assert "Strict-Transport-Security" not in response.headers
        assert "Content-Security-Policy" in response.headers
        cookies = response.headers.get_all("Set-Cookie") or []
        assert cookies and not any("Secure" in cookie for cookie in cookies), cookies
        city_map = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        assert city_map.status == 200 and city_map.url == f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
