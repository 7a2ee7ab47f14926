"""The test OpenID Connect provider (this folder) as a process on loopback, and its fixtures.

A real provider, never a mock of the library: django-oauth-toolkit with OIDC,
an RS256 key generated here, the authorization-code flow with PKCE required.
The people who may sign in, and their claims, are in users.json, which the
tests rewrite (the provider reads it on every request).
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROVIDER_PROJECT = Path(__file__).resolve().parent
CLIENT_ID = "geo-osallisuus-test"
CLIENT_SECRET = "test-client-secret-for-the-loopback-provider"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rsa_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class Provider:
    folder: Path
    base_url: str
    process: subprocess.Popen

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/o"

    @property
    def private_pem(self) -> str:
        return (self.folder / "key.pem").read_text()

    def set_person(self, username: str, *, password: str, claims: dict) -> None:
        people = json.loads((self.folder / "users.json").read_text())
        people[username] = {"password": password, "claims": claims}
        (self.folder / "users.json").write_text(json.dumps(people))

    def endpoints(self) -> dict[str, str]:
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/logout/",
        }


def provider_start(*, folder: Path, rp_base_url: str) -> Provider:
    (folder / "key.pem").write_text(rsa_private_pem())
    (folder / "users.json").write_text("{}")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(PROVIDER_DIR=str(folder), PROVIDER_ISSUER=f"{base_url}/o")

    def manage(*args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=PROVIDER_PROJECT, env=env, check=True)

    manage("migrate", "--noinput", "-v", "0")
    manage("register_client", CLIENT_ID, CLIENT_SECRET, f"{rp_base_url}/oidc/callback/", " ".join(f"{rp_base_url}{path}" for path in ("/", "/sv/", "/en/")))
    log = open(folder / "server.log", "w")  # noqa: SIM115  (closed with the process)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROVIDER_PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base_url}/o/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the test provider did not start: {(folder / 'server.log').read_text()}")
        time.sleep(0.2)
    return Provider(folder=folder, base_url=base_url, process=process)


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Provider:
    provider = provider_start(folder=tmp_path_factory.mktemp("oidc_provider"), rp_base_url=live_server.url)
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)


@pytest.fixture
def city_idp(oidc_provider, settings) -> Provider:
    """The service configured for the provider, as the environment would configure it."""
    for name, value in oidc_provider.endpoints().items():
        setattr(settings, name, value)
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_API_AUDIENCE = CLIENT_ID
    # As the settings do for the configured end-session endpoint: the sign-out form may lead there.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.base_url)
    settings.CONTENT_SECURITY_POLICY = policy
    return oidc_provider
