"""API fuzzing: schemathesis against the service's own OpenAPI schema, in process.

Every operation in /api/schema/ is called with a bounded number of generated
requests (valid and invalid ones), once as an anonymous visitor and once as a
signed-in admin so that writes get past the permission check and reach their
real validation. Each response must not be a server error and must match the
schema: a documented status code, the documented content type and body.

The run is seeded (hypothesis' derandomize), so CI sees the same requests every
time. FUZZ_EXAMPLES sets the number of examples per operation and mode
(`make fuzz` raises it for the longer run).
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from werkzeug.test import Client

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from geo_osallisuus.wsgi import application  # noqa: E402

SCHEMA_PATH = "/api/schema/?format=json"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ADMIN_PASSWORD = "fuzz-admin-password"
# Path parameters that name a real object: the list the object appears in is
# asked first, and a few of its values are used besides the generated ones.
REAL_VALUES_PER_PARAMETER = 3
# English messages; no gzip (compression is the transport's business, and the
# in-process client does not undo it).
# Seconds per operation over the run, for the report.
TIMINGS: dict[str, float] = {}
BASE_HEADERS = {"Accept-Language": "en", "Accept-Encoding": "identity"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_requests() -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes the database
    connection after each request; inside the test's transaction that would end
    it, so (as Django's own test client does) the handler keeps it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(db):
    """The demo data of `make run`, so that path parameters can name real objects."""
    for command in (
        "load_demo_data",
        "load_demo_luotsit",
        "load_demo_budgeting",
        "load_demo_cases",
        "load_demo_spaces",
        "load_demo_feedback",
    ):
        call_command(command, verbosity=0)


@pytest.fixture
def fuzz_admin(db):
    # The fast hasher: Basic authentication checks the password on every request.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        user = get_user_model().objects.create_superuser("fuzz-admin", "fuzz@example.invalid", ADMIN_PASSWORD)
        yield user


def load_schema():
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, application, headers=BASE_HEADERS)


def operations(schema) -> list:
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())
    return found


def label(operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def schema_operation_count(raw: dict) -> int:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(1 for item in raw["paths"].values() for method in item if method in methods)


def _items(data) -> list:
    """The objects of a list response: a JSON array, a page's `results` or a
    FeatureCollection's `features`."""
    if isinstance(data, dict):
        data = data.get("features", data.get("results", []))
    return data if isinstance(data, list) else []


def real_path_values(headers: dict, operation) -> list[dict]:
    """Path parameters of objects that exist: read from the list the path
    starts with (`/api/v1/luotsit/{id}/erase/` -> `/api/v1/luotsit/`)."""
    match = re.search(r"\{(\w+)\}", operation.path)
    if not match:
        return []
    name = match.group(1)
    response = Client(application).get(operation.path[: match.start()], headers=headers)
    if response.status_code != 200 or "json" not in (response.content_type or ""):
        return []
    found = []
    for item in _items(response.get_json()):
        if not isinstance(item, dict):
            continue
        value = item.get(name, item.get("id", (item.get("properties") or {}).get(name)))
        if isinstance(value, (int, str)) and value not in found:
            found.append(value)
    return [{name: value} for value in found[:REAL_VALUES_PER_PARAMETER]]


def strategy_for(operation, real_values: list[dict]):
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    for values in real_values:
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=values))
    try:
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    except Exception:  # an operation without anything to make invalid
        pass
    return st.one_of(strategies)


def fuzz(schema, headers: dict) -> tuple[list[str], list[str]]:
    """Fuzz every operation; return the exercised operations and the failures."""
    exercised: list[str] = []
    failures: list[str] = []
    for operation in operations(schema):
        started = time.monotonic()
        real_values = real_path_values(headers, operation)

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
        )
        @given(case=strategy_for(operation, real_values))
        def run(case):
            # Write endpoints have rate limits; each generated request starts
            # with empty counters so the fuzz reaches the validation behind them.
            cache.clear()
            # Each request in a savepoint, as under autocommit: a statement the
            # database refused cannot spoil the requests after it.
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            with transaction.atomic():
                run()
                transaction.set_rollback(True)
        except Unsatisfiable as error:
            failures.append(f"{label(operation)}: no request could be generated ({error})")
            continue
        except (Exception, BaseExceptionGroup) as error:  # every failure is reported, not just the first
            failures.append(f"{label(operation)}: {type(error).__name__}: {str(error)[:4000]}")
        exercised.append(label(operation))
        TIMINGS[label(operation)] = TIMINGS.get(label(operation), 0.0) + time.monotonic() - started
    return exercised, failures


def report(role: str, exercised: list[str], failures: list[str], started: float) -> str:
    slowest = sorted(TIMINGS.items(), key=lambda item: -item[1])[:5]
    return (
        f"fuzz as {role}: {len(exercised)} operations, up to {EXAMPLES} examples each, "
        f"{len(failures)} failing, {time.monotonic() - started:.0f} s; slowest so far: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest)
    )


def test_fuzz_covers_every_operation_in_the_schema(wsgi_requests):
    """A new endpoint cannot be left out: the fuzz walks the schema's paths, and
    this counts them independently from the raw document."""
    schema = load_schema()
    raw = schema.raw_schema
    labels = {label(op) for op in operations(schema)}
    assert len(labels) == schema_operation_count(raw) > 50


def test_fuzz_api_as_anonymous(fuzz_data, wsgi_requests):
    started = time.monotonic()
    schema = load_schema()
    headers = dict(BASE_HEADERS)
    exercised, failures = fuzz(schema, headers)
    print(report("anonymous", exercised, failures, started))
    assert not failures, "\n\n".join(failures)
    assert len(exercised) == schema_operation_count(schema.raw_schema)


def test_fuzz_api_as_admin(fuzz_data, fuzz_admin, wsgi_requests):
    started = time.monotonic()
    schema = load_schema()
    token = base64.b64encode(f"{fuzz_admin.username}:{ADMIN_PASSWORD}".encode()).decode()
    headers = {**BASE_HEADERS, "Authorization": f"Basic {token}"}
    exercised, failures = fuzz(schema, headers)
    print(report("admin", exercised, failures, started))
    assert not failures, "\n\n".join(failures)
    assert len(exercised) == schema_operation_count(schema.raw_schema)


def test_schema_documents_the_error_responses(wsgi_requests):
    """What the fuzz holds responses to: writes name their refusals and the
    rate limit, operations on one object name the 404, each with a JSON body."""
    raw = load_schema().raw_schema
    methods = {"get", "put", "post", "delete", "patch"}
    for path, item in raw["paths"].items():
        for method, operation in item.items():
            if method not in methods:
                continue
            responses = operation["responses"]
            assert "400" in responses and "403" in responses, (method, path)
            if method != "get":
                assert {"401", "415", "429"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for code, response in responses.items():
                if code.startswith("4"):
                    assert "application/json" in response["content"], (method, path, code)


def test_an_api_path_that_matches_no_url_is_a_json_404(client):
    response = client.get("/api/v1/resident-areas/1.5/history/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    # Pages keep Django's HTML 404.
    page = client.get("/no-such-page-here/")
    assert page.status_code == 404
    assert "text/html" in page["Content-Type"]


# What the longer fuzz found (server errors before the fix), kept as plain tests.


def test_a_non_integer_id_is_a_404_not_a_server_error(api_client, db):
    for path in ("/api/v1/resident-areas/true/", "/api/v1/resident-areas/true/history/", "/api/v1/areas/x1/summary/"):
        response = api_client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}


def test_a_nul_character_in_a_parameter_is_a_400_with_a_reason(api_client, demo_areas):
    response = api_client.get("/api/v1/feedback/areas/", {"division": "suur\x00piiri"})
    assert response.status_code == 400
    assert "NUL character" in str(response.json()["detail"])


def test_moderation_cannot_withdraw_a_proposal(api_client, fuzz_data, fuzz_admin):
    from budgeting.models import Proposal

    proposal = Proposal.objects.exclude(status=Proposal.Status.WITHDRAWN).first()
    before = proposal.status
    api_client.force_authenticate(fuzz_admin)
    response = api_client.post(f"/api/v1/budgeting/proposals/{proposal.pk}/moderate/", {"status": "withdrawn"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    proposal.refresh_from_db()
    assert proposal.status == before
