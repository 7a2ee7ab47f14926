"""Under pytest-xdist (`make test` runs the suite in two processes), the workers' test databases
are copies of one migrated template instead of being migrated each.

pytest-django gives every worker its own database (<test name>_gw0, _gw1 ...) and would run all
the migrations in each, at the same time, on a machine with two cores: the slowest part of a
parallel run's start. Here the first worker to arrive migrates <test name>_template once, every
worker copies it (CREATE DATABASE ... TEMPLATE, seconds), and pytest-django then keeps the copy
as with --reuse-db (its `migrate` finds nothing to do). At its end each worker drops its own copy,
as pytest-django does without --reuse-db, and the template (a worker that only then asks for a
database, rare, migrates it again).

Not used in one process, nor with --reuse-db (the workers' databases are kept and reused as they
are), --create-db (migrated afresh) or --nomigrations.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def _workers_lock(folder: Path) -> Iterator[None]:
    """One worker at a time; `folder` is the run's temporary folder, which its workers share."""
    with open(folder / "test-database-template.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _template_migrate(connection, template: str) -> None:
    """Create and migrate `template` as a test database, then point the connection back at the
    worker's own database settings (create_test_db renames the connection's database)."""
    from django.conf import settings

    own_name, own_test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"]["NAME"]
    connection.settings_dict["TEST"]["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = own_name
        connection.settings_dict["TEST"]["NAME"] = own_test_name


def _execute(connection, *statements: str) -> None:
    with connection._nodb_cursor() as cursor:  # the server's maintenance database, as Django's own creation does
        for statement in statements:
            cursor.execute(statement)


def _exists(connection, name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


@pytest.fixture(scope="session")
def django_db_cloned_from_template(request, django_db_modify_db_settings, django_db_blocker, tmp_path_factory):
    """True when this worker's test database was copied from the run's template (see the top)."""
    workerinput = getattr(request.config, "workerinput", None)
    option = request.config.getvalue
    if workerinput is None or option("reuse_db") or option("create_db") or option("nomigrations"):
        yield False
        return
    from django.db import connection

    worker = workerinput["workerid"]
    own = connection.settings_dict["TEST"]["NAME"]  # pytest-django has just added the worker's suffix
    template = own.removesuffix(f"_{worker}") + "_template"
    shared = tmp_path_factory.getbasetemp().parent
    quote = connection.ops.quote_name
    built = shared / "test-database-template.built"  # by this run: one left by an earlier run may be out of date
    with django_db_blocker.unblock(), _workers_lock(shared):
        if not built.exists() or not _exists(connection, template):
            _template_migrate(connection, template)
            built.touch()
        _execute(
            connection, f"DROP DATABASE IF EXISTS {quote(own)}", f"CREATE DATABASE {quote(own)} TEMPLATE {quote(template)}"
        )
    yield True
    with django_db_blocker.unblock(), _workers_lock(shared):
        connection.close()
        for name in (own, template):
            try:
                # FORCE: a thread's connection left open (a live server's, say) must not keep the copy.
                _execute(connection, f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
            except Exception as exc:  # noqa: BLE001 - as pytest-django's own teardown: a warning, not a failure
                request.node.warn(pytest.PytestWarning(f"Error when dropping the test database {name}: {exc!r}"))


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_cloned_from_template) -> bool:
    """pytest-django's own, and True for a copy made from the template: it is migrated already
    (the copy is dropped at the end by django_db_cloned_from_template, not kept)."""
    return django_db_cloned_from_template or request.config.getvalue("reuse_db")
