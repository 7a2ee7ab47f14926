"""Browser tests: Playwright for Python driving Debian's chromium (never a
downloaded browser) against pytest-django's live server on PostGIS.

Every request to a host other than the live server is aborted and fails the
test, as does any console error. Screenshots go to var/artifacts/ (ignored).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
MISSING_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium (scripts/system-deps.sh does, and `make test` runs it); "
    "browser tests are skipped outside CI only"
)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"CI=true but {MISSING_CHROMIUM}")
        pytest.skip(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests'
    # own database work (loading demo data) is synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def wait_until(page, expression: str, timeout: float = 30_000) -> None:
    """page.wait_for_function for pages under the Content-Security-Policy.

    Playwright polls a condition inside the page with eval(), which the
    service's CSP (no 'unsafe-eval') refuses; page.evaluate runs through the
    DevTools protocol, which the CSP does not govern. So the condition is
    polled from here.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout / 1000:.0f} s: {expression}")
        page.wait_for_timeout(100)


@dataclass
class Browsing:
    """One browser page on the live server, with what went wrong on the way."""

    page: object
    base_url: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def wait_for_map(self):
        """Waits until every layer shown at start has loaded."""
        self.page.wait_for_selector(".geo-map[data-ready=true]", timeout=15_000)
        return self.page

    def map_id(self) -> str:
        return self.page.locator(".geo-map").first.get_attribute("id")

    def click_map_at(self, lat: float, lon: float) -> None:
        """Clicks the map where the point (EPSG:4326) is, once the map has stopped moving."""
        map_id = self.map_id()
        # The mouse clicks in the viewport: a map below the fold (HDS's taller header) is scrolled to first,
        # and a map whose box changed (a phone-width check just before) measures itself again.
        self.page.locator(f"#{map_id}").scroll_into_view_if_needed()
        self.page.evaluate("([id]) => window.geoMap.maps[id].map.invalidateSize({animate: false, pan: false})", [map_id])
        self.page.evaluate(
            "([id]) => new Promise(done => { const m = window.geoMap.maps[id].map;"
            " const moving = m._animatingZoom || (m._panAnim && m._panAnim._inProgress);"
            " if (moving) m.once('moveend', () => done()); else done(); })",
            [map_id],
        )
        x, y = self.page.evaluate(
            "([id, lat, lon]) => { const p = window.geoMap.maps[id].map.latLngToContainerPoint([lat, lon]);"
            " return [p.x, p.y]; }",
            [map_id, lat, lon],
        )
        box = self.page.locator(f"#{map_id}").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the demo divisions loaded.

    A transactional test ends by emptying every table, the division types that
    a data migration created included; they are put back first (idempotent).
    """
    from django.apps import apps

    import_module("areas.migrations.0002_division_types").create(apps, None)
    call_command("load_demo_data", verbosity=0)
    yield live_server.url
    empty_tables_after_live_server()


def wait_for_live_server_queries(timeout: float = 30.0) -> None:
    """Wait until no other connection to the test database is in a query or a transaction.

    The test's end empties every table with one TRUNCATE. A page can still be
    fetching (a map layer, a tile) when the test's last assertion passes; the
    live server's thread then holds a share lock on one table and asks for
    another while the TRUNCATE holds the second and asks for the first:
    PostgreSQL ends one of them as a deadlock, and when that is the TRUNCATE the
    next test finds this one's rows (seen under load in CI). Quiet must hold for
    three polls in a row: a request already inside Django may not have reached
    the database at the first one.
    """
    from django.db import connection

    deadline = time.monotonic() + timeout
    quiet_polls = 0
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and quiet_polls < 3:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'"
            )
            quiet_polls = quiet_polls + 1 if cursor.fetchone()[0] == 0 else 0
            time.sleep(0.05)


def empty_tables_after_live_server(attempts: int = 5) -> None:
    """Empty every table once the live server is quiet, again if PostgreSQL ends the TRUNCATE as a deadlock.

    pytest-django's own flush follows and finds the tables empty. Doing it here,
    with retries, means a request that reached the database after the wait (the
    race wait_for_live_server_queries narrows but cannot close) costs a retry
    instead of leaving this test's rows to every later test on the worker (seen
    in CI: a deadlocked flush, then "duplicate key" in the next eight tests).
    """
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush
    from django.db import OperationalError, connection

    for attempt in range(1, attempts + 1):
        wait_for_live_server_queries()
        try:
            connection.ops.execute_sql_flush(sql_flush(no_style(), connection))
            return
        except OperationalError as error:
            if "deadlock" not in str(error) or attempt == attempts:
                raise


@pytest.fixture
def browsing(browser, demo_site):
    own_host = urlsplit(demo_site).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    session = Browsing(page=None, base_url=demo_site)

    def guard(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            session.foreign_requests.append(url)
            route.abort("blockedbyclient")

    context.route(re.compile(r".*"), guard)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and session.console_errors.append(message.text))
    page.on("pageerror", lambda error: session.console_errors.append(str(error)))
    session.page = page
    yield session
    context.close()  # no more requests from this test's pages; those under way are waited for by demo_site
