"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def english_messages():
    """Tests assert on the English source messages; tests of the Finnish and
    Swedish texts ask for those languages explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture
def api_client() -> APIClient:
    """An API client whose requests ask for English unless a test says otherwise."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


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
