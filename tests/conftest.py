"""Fixtures shared by every app's tests."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

# The loopback OpenID Connect provider for the sign-in tests (oidc_provider, city_idp), and the
# parallel workers' test databases copied from one migrated template.
pytest_plugins = ["tests.oidc_provider.fixtures", "tests.xdist_databases"]

# Beside the checkout, or where GEO_SHARED_DATA says (a git worktree elsewhere).
SHARED_DATA = Path(os.environ.get("GEO_SHARED_DATA") or Path(__file__).resolve().parent.parent.parent / "shared" / "data")


# Rows that data migrations create. A transactional test (browser tests,
# concurrency tests) ends by flushing every table, and the tests after it would
# find no division types or role groups; this puts them back.
REFERENCE_DATA_MIGRATIONS = ("areas.migrations.0002_division_types", "luotsit.migrations.0002_role_groups")


def reference_data_restore() -> None:
    from django.apps import apps

    from areas.models import DivisionType

    if not DivisionType.objects.exists():
        for module in REFERENCE_DATA_MIGRATIONS:
            importlib.import_module(module).create(apps, None)
        planner_permissions_restore()
    from spaces.models import ServiceTypeKind

    if not ServiceTypeKind.objects.exists():  # its own check: a database reused after a flush may lack only these
        importlib.import_module("spaces.migrations.0003_service_type_kinds").create(apps, None)


def planner_permissions_restore() -> None:
    """The planner group's permissions (luotsit.migrations.0004), which a flush empties too.

    A serialized_rollback test's flush skips post_migrate, so the content types and
    permissions themselves may be gone as well; they are made again first."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)

    from geo_osallisuus.roles import PLANNER_PERMISSIONS

    wanted = [name.split(".") for name in PLANNER_PERMISSIONS]
    permissions = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
    Group.objects.get(name="planner").permissions.set(permissions)


@pytest.fixture(autouse=True)
def content_types_uncached():
    """Django caches content type ids per process; a test that made a content type inside its
    rolled-back transaction, or a flush by a transactional test, leaves ids in the cache that
    the database no longer has (random order met one: an index row's foreign key to a gone id)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def reference_data(request, django_db_blocker):
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames) and not request.node.get_closest_marker(
        "django_db"
    ):
        yield
        return
    with django_db_blocker.unblock():
        reference_data_restore()
    yield


@pytest.fixture(autouse=True)
def english_messages():
    """Tests assert on the English source messages; tests of the Finnish and
    Swedish texts ask for those languages explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """Django's test client, asking for English like api_client (pages under
    /sv/ and /en/ and the Finnish root choose their language by URL anyway)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def admin_client(db, admin_user, client) -> Client:
    client.force_login(admin_user)
    return client


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


@pytest.fixture(scope="session")
def demo_areas_built(django_db_setup, django_db_blocker):
    """The demo areas' rows, built once per session (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import demo_snapshot_build

    with django_db_blocker.unblock():
        reference_data_restore()  # a transactional test at the end of the last run may have flushed them
        demo_snapshot_build()


@pytest.fixture
def demo_areas(db, demo_areas_built):
    """The demo suurpiirit, peruspiirit and osa-alueet (the city's 2022 boundaries, simplified), as
    load_demo_data makes them, copied in for this test."""
    from tests.demo_snapshot import demo_snapshot_restore

    demo_snapshot_restore()


@pytest.fixture(autouse=True)
def rate_limit_counts_cleared():
    """Every API write counts against a rate limit in the cache (geo_osallisuus.throttling);
    each test starts from none, so that a long suite never hits the limits by accident."""
    from django.core.cache import cache

    cache.clear()
    yield
