"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip with the reason when this clone has none beside it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it is beside the checkout in CI)")
    return SHARED_DATA


@pytest.fixture
def demo_areas(db):
    """The demo suurpiirit, peruspiirit and osa-alueet (approximate geometry)."""
    call_command("load_demo_data", verbosity=0)
