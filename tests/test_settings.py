"""Settings come from the environment and refuse unsafe production defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "GEO_ENV"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="geo_osallisuus.settings")
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY[:4], settings.ALLOWED_HOSTS)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_production_refuses_to_start_without_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_secret_key_has_debug_off_and_no_wildcard_host():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="osallisuus.example.fi")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False xxxx ['osallisuus.example.fi']"


def test_secret_key_starting_with_dollar_is_taken_literally():
    result = load_settings(SECRET_KEY="$" + "y" * 49, ALLOWED_HOSTS="osallisuus.example.fi")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "$yyy"


def test_development_generates_a_throwaway_key():
    result = load_settings(GEO_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False ")


def test_unknown_environment_name_is_refused():
    result = load_settings(GEO_ENV="prod")
    assert result.returncode != 0
    assert "GEO_ENV must be" in result.stderr
