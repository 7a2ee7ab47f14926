"""Tokens of the identity service: the ID token at sign-in and access tokens at the API,
checked against the loopback provider's published keys (JWKS)."""

from __future__ import annotations

import time

import pytest
import requests
from django.core.exceptions import SuspiciousOperation

from accounts.oidc import CityIdentityBackend
from tests.oidc_provider.fixtures import rsa_private_pem

from .flow import access_token, provider_session, signed

pytestmark = pytest.mark.django_db(transaction=True)


def refused_id_token(provider, **claims) -> str:
    with pytest.raises(SuspiciousOperation) as error:
        CityIdentityBackend().verify_token(signed(provider, {"nonce": "n"} | claims), nonce="n")
    return str(error.value)


def test_a_valid_id_token_is_accepted(city_idp):
    claims = CityIdentityBackend().verify_token(signed(city_idp, {"nonce": "n", "sub": "abc"}), nonce="n")
    assert claims["sub"] == "abc"


def test_an_id_token_for_another_client_is_refused(city_idp):
    assert "audience" in refused_id_token(city_idp, aud="another-client").lower()


def test_an_expired_id_token_is_refused(city_idp):
    now = int(time.time())
    assert "expired" in refused_id_token(city_idp, iat=now - 600, exp=now - 60).lower()


def test_an_id_token_just_inside_the_leeway_is_accepted(city_idp):
    now = int(time.time())
    token = signed(city_idp, {"nonce": "n", "iat": now - 600, "exp": now - 20})
    assert CityIdentityBackend().verify_token(token, nonce="n")["exp"] == now - 20


def test_an_id_token_of_another_issuer_is_refused(city_idp):
    assert "issuer" in refused_id_token(city_idp, iss="https://evil.example/o").lower()


def test_a_forged_id_token_is_refused(city_idp):
    forged = signed(city_idp, {"nonce": "n"}, private_pem=rsa_private_pem())
    with pytest.raises(SuspiciousOperation):
        CityIdentityBackend().verify_token(forged, nonce="n")


def test_an_id_token_with_another_nonce_is_refused(city_idp):
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        CityIdentityBackend().verify_token(signed(city_idp, {"nonce": "other"}), nonce="n")


@pytest.fixture
def signed_in_script(city_idp, live_server):
    """Signs a person in to the service once (through the provider, no browser), then
    gets an access token for their script from the provider."""
    city_idp.set_person("sanna", password="pw-sanna", claims={"groups": ["planner"]})
    session = provider_session(city_idp, username="sanna", password="pw-sanna")
    landed = session.get(f"{live_server.url}/oidc/authenticate/", timeout=20)
    assert landed.url == f"{live_server.url}/oma-sivu/"
    return access_token(city_idp, session, redirect_uri=f"{live_server.url}/oidc/callback/")


def api_me(live_server, token: str):
    return requests.get(f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}, timeout=10)


def test_a_script_authenticates_with_the_providers_access_token(signed_in_script, live_server):
    answer = api_me(live_server, signed_in_script["access_token"])
    assert answer.status_code == 200 and answer.json()["role"] == "planner"


def test_bearer_tokens_that_are_forged_expired_or_for_another_audience_are_refused(signed_in_script, live_server, city_idp):
    sub = __import__("jwt").decode(signed_in_script["access_token"], options={"verify_signature": False})["sub"]
    now = int(time.time())
    assert api_me(live_server, signed(city_idp, {"sub": sub})).status_code == 200  # the control
    for token in (
        signed(city_idp, {"sub": sub}, private_pem=rsa_private_pem()),
        signed(city_idp, {"sub": sub, "iat": now - 900, "exp": now - 600}),
        signed(city_idp, {"sub": sub, "aud": "another-client"}),
        signed(city_idp, {"sub": sub, "iss": "https://evil.example/o"}),
        "not-a-jwt",
    ):
        answer = api_me(live_server, token)
        assert answer.status_code == 401, token
        assert answer.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_bearer_token_of_someone_who_never_signed_in_is_refused(city_idp, live_server):
    answer = api_me(live_server, signed(city_idp, {"sub": "never-signed-in"}))
    assert answer.status_code == 401 and "Sign in to the service once" in answer.json()["detail"]


def test_the_callback_refuses_an_unknown_state_and_a_replayed_one(city_idp, live_server):
    city_idp.set_person("teppo", password="pw-teppo", claims={})
    session = provider_session(city_idp, username="teppo", password="pw-teppo")
    # Start at the service, stop before the callback.
    start = session.get(f"{live_server.url}/oidc/authenticate/", allow_redirects=False, timeout=10)
    at_provider = session.get(start.headers["Location"], allow_redirects=False, timeout=10)
    callback = at_provider.headers["Location"]
    forged_state = callback.replace("state=", "state=x", 1)
    assert session.get(forged_state, allow_redirects=False, timeout=10).status_code == 400
    before = session.cookies.get("sessionid")
    first = session.get(callback, allow_redirects=False, timeout=20)
    assert (first.status_code, first.headers["Location"]) == (302, "/oma-sivu/")
    # Signing in gave the session a new key: a key planted before sign-in is worth nothing.
    assert before and session.cookies.get("sessionid") not in {None, before}
    replayed = session.get(callback, allow_redirects=False, timeout=20)
    assert replayed.status_code == 400


def test_the_flow_refuses_to_come_back_to_another_site(city_idp, live_server):
    city_idp.set_person("ulla", password="pw-ulla", claims={})
    session = provider_session(city_idp, username="ulla", password="pw-ulla")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        landed = session.get(f"{live_server.url}/oidc/authenticate/", params={"next": target}, timeout=20)
        assert landed.url == f"{live_server.url}/oma-sivu/", target
