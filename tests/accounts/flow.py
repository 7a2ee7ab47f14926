"""The authorization-code flow driven with requests (no browser), against the loopback provider."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from jwcrypto import jwk

from tests.oidc_provider.fixtures import CLIENT_ID, CLIENT_SECRET, Provider


def provider_session(provider: Provider, *, username: str, password: str) -> requests.Session:
    """A requests session signed in at the provider."""
    session = requests.Session()
    login = f"{provider.base_url}/accounts/login/"
    session.get(login, timeout=10)
    answer = session.post(
        login,
        data={"username": username, "password": password, "csrfmiddlewaretoken": session.cookies["provider_csrftoken"], "next": "/o/"},
        headers={"Referer": login},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


def access_token(provider: Provider, session: requests.Session, *, redirect_uri: str) -> dict:
    """The provider's tokens for the signed-in session, through the code flow with PKCE."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    answer = session.get(
        f"{provider.issuer}/authorize/",
        params={
            "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect_uri, "scope": "openid",
            "state": "s", "nonce": "n", "code_challenge": challenge, "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )  # fmt: skip
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    tokens = requests.post(
        f"{provider.issuer}/token/",
        data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "code_verifier": verifier,
        },
        timeout=10,
    )  # fmt: skip
    assert tokens.status_code == 200, tokens.text
    return tokens.json()


def signed(provider: Provider, claims: dict, *, private_pem: str | None = None) -> str:
    """A token with `claims`, signed with the provider's key (or another), under the provider's key id."""
    kid = jwk.JWK.from_pem(provider.private_pem.encode()).thumbprint()
    now = int(time.time())
    payload = {"iss": provider.issuer, "aud": CLIENT_ID, "sub": "1", "iat": now, "exp": now + 300} | claims
    return jwt.encode(payload, private_pem or provider.private_pem, algorithm="RS256", headers={"kid": kid})
