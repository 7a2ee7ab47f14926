"""Reliability fixtures: signed-in HTTP sessions for a live server, fired together."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client


def signed_in(user) -> requests.Session:
    """A requests session carrying `user`'s session cookie and a CSRF token, as a browser would.

    The session row is committed (the tests that use this are transactional), so
    the live server's threads, each on its own connection, see it.
    """
    client = Client()
    client.force_login(user)
    token = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    session = requests.Session()
    session.headers.update(
        {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
            "Accept-Language": "en",
        }
    )
    return session


def all_at_once(count: int, call: Callable[[int], object]) -> list[object]:
    """Run call(0) ... call(count - 1) in threads released by one barrier; their results
    (or exceptions) in index order. Each thread closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except Exception as exc:  # noqa: BLE001 - the caller asserts on what happened
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 100_000))

    def _make(username: str | None = None):
        return get_user_model().objects.create_user(username=username or f"resident{next(counter)}", password="x")

    return _make
