"""Security headers on every kind of page and answer: a Content-Security-Policy
that allows no host but the service, and the headers browsers act on."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from budgeting import services as budget_services
from tests.budgeting.conftest import make_round, suurpiiri
from tests.cases.factories import at, case, space
from tests.feedback.conftest import KALLIO, point

pytestmark = pytest.mark.django_db

# Directive -> the sources it must have exactly.
REQUIRED_DIRECTIVES = {
    "default-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "connect-src": {"'self'"},
}
# A source expression that names no other host.
OWN_SOURCES = re.compile(r"^('self'|'none'|'unsafe-inline'|'nonce-[A-Za-z0-9+/=]+'|data:)$")


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_hardened(response) -> None:
    directives = csp_directives(response)
    for name, sources in REQUIRED_DIRECTIVES.items():
        assert set(directives.get(name, [])) == sources, (name, directives.get(name))
    script_sources = directives["script-src"]
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
    assert "'self'" in script_sources
    for name, sources in directives.items():
        foreign = [source for source in sources if not OWN_SOURCES.match(source)]
        assert not foreign, f"{name} allows {foreign}"
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy and "microphone=()" in policy


def inline_scripts(html: str) -> list[str]:
    """Every <script> tag with a body, apart from JSON data blocks (never run)."""
    tags = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    return [attributes for attributes, body in tags if body.strip() and "application/json" not in attributes]


@pytest.fixture
def content(demo_areas, django_user_model):
    """One of each thing that has a page of its own."""
    from feedback.models import Sector
    from initiatives import services as initiative_services
    from initiatives.models import InitiativeCategory

    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    category = InitiativeCategory.objects.create(code="environment", name_fi="Ympäristö", sector=sector)
    author = django_user_model.objects.create_user(username="author", password="x")
    round_ = make_round()
    project = budget_services.project_create(
        round=round_, title="Penkit", description="A plan.", cost=1000, area=suurpiiri("1"), all_helsinki=False
    )
    return {
        "case": case(title="Rautatientorin kiveys", geometry=at(0, 0)),
        "space": space("Testikirjasto", at(100, 100), kind="library"),
        "project": project,
        "initiative": initiative_services.initiative_create(
            author=author, title="Penkit rantaan", text="Rannalle tarvitaan lisää penkkejä.", category=category,
            point=point(KALLIO),
        ),  # fmt: skip
    }


PAGES = {
    "city map fi": ("/", 200),
    "city map sv": ("/sv/", 200),
    "city map en": ("/en/", 200),
    "area page": ("/en/alue/peruspiiri/101/", 200),
    "near me": ("/en/lahella/", 200),
    "case page": ("/en/asia/{case}/", 200),
    "space page": ("/en/tila/{space}/", 200),
    "project page": ("/en/budjetointi/hankkeet/{project}/", 200),
    "initiative page": ("/en/aloite/{initiative}/", 200),
    "participation page": ("/en/osallistuminen/", 200),
    "initiative report": ("/en/osallistuminen/aloiteraportti/", 200),
    "OGC landing HTML": ("/ogc/?f=html", 200),
    "OGC collections HTML": ("/ogc/collections?f=html", 200),
    "OGC items JSON": ("/ogc/collections/spaces/items?limit=1", 200),
    "API lookup JSON": ("/api/v1/lookup/?lat=60.17&lon=24.94", 200),
    "API list JSON": ("/api/v1/areas/?division=suurpiiri", 200),
    "API schema": ("/api/schema/", 200),
    "Swagger UI": ("/api/docs/", 200),
    "Swagger UI script": ("/api/docs/?script", 200),
    "admin login": ("/admin/login/", 200),
    "missing page": ("/en/no-such-page/", 404),
    "missing area": ("/en/alue/peruspiiri/999/", 404),
    "missing API object": ("/api/v1/areas/99999999/", 404),
    "bad API input": ("/api/v1/lookup/?lat=abc&lon=24.9", 400),
}


@pytest.mark.parametrize("path, status", PAGES.values(), ids=PAGES.keys())
def test_every_page_kind_carries_the_security_headers(client, content, path, status):
    path = path.format(
        case=content["case"].ahjo_id.lower(),
        space=content["space"].pk,
        project=content["project"].pk,
        initiative=content["initiative"].pk,
    )
    response = client.get(path)
    assert response.status_code == status, response.content[:300]
    assert_hardened(response)
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for attributes in inline_scripts(html):
            # Every inline script carries this response's nonce, or the browser would refuse it.
            assert nonce and f'nonce="{nonce.group(1)}"' in attributes, attributes
        assert not re.search(r"\son(click|load|error|change|submit)=", html), "inline event handler"


@pytest.mark.parametrize("path", ["/api/v1/areas/?division=suurpiiri", "/en/"])
def test_browsable_api_and_map_pages_have_nonced_scripts_only(client, demo_areas, path):
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert_hardened(response)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for attributes in inline_scripts(html):
        assert nonce and f'nonce="{nonce.group(1)}"' in attributes


def test_each_response_has_its_own_nonce(client, demo_areas):
    nonces = {re.search(r"'nonce-([^']+)'", client.get("/en/")["Content-Security-Policy"]).group(1) for _ in range(3)}
    assert len(nonces) == 3


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/cases/case/", "/admin/cases/case/add/", "/admin/feedback/feedbackrequest/add/"]
)
def test_admin_pages_carry_the_headers_and_nonce_their_map_widgets(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert_hardened(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for attributes in inline_scripts(response.content.decode()):
        assert nonce and f'nonce="{nonce.group(1)}"' in attributes, attributes


def test_a_request_for_a_foreign_host_is_refused_with_the_headers(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_hardened(response)


def test_writes_and_refusals_carry_the_headers(api_client):
    response = api_client.post("/api/v1/initiatives/", {"title": "x"}, format="json")
    assert response.status_code in {401, 403}
    assert_hardened(response)


def test_a_background_tile_host_is_allowed_for_images_only():
    """MAP_TILE_URL is the one way another host enters the policy (img-src)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    environment = {**os.environ, "GEO_ENV": "test", "MAP_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}
    code = (
        "import json; from django.conf import settings; print(json.dumps("
        "{k: [str(s) for s in v] for k, v in settings.CONTENT_SECURITY_POLICY['DIRECTIVES'].items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**environment, "DJANGO_SETTINGS_MODULE": "geo_osallisuus.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    directives = json.loads(result.stdout)
    assert directives["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]
    assert all("tiles.example.org" not in str(v) for k, v in directives.items() if k != "img-src")
