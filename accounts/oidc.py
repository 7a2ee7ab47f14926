"""Sign-in through the city's identity service (OpenID Connect, mozilla-django-oidc).

The library runs the authorization-code flow with PKCE, state and nonce; this
module adds what it leaves out: the ID token's issuer, audience and expiry are
checked, the user is found by the provider's subject (not by e-mail address),
and every sign-in updates the user from the claims (services). Access tokens
sent to the API as bearer tokens are checked against the same keys (JWKS).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services

# Claims every token must carry before it is believed.
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
# Clock difference tolerated between this service and the provider.
LEEWAY_SECONDS = 30


def oidc_enabled() -> bool:
    """Sign-in through the identity service is offered when a client is configured."""
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def token_claims(*, token: str, key: Any, audience: str) -> dict[str, Any]:
    """The claims of a token signed with `key` for `audience` by the configured issuer.

    Raises jwt.PyJWTError for a bad signature, another algorithm, issuer or
    audience, an expired token or one that lacks a required claim.
    """
    return jwt.decode(
        token,
        key,
        algorithms=[settings.OIDC_RP_SIGN_ALGO],
        audience=audience,
        issuer=settings.OIDC_ISSUER,
        leeway=LEEWAY_SECONDS,
        options={"require": REQUIRED_CLAIMS},
    )


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    # Keys are cached for five minutes; a key the cache lacks (rotation) is fetched again.
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=settings.OIDC_TIMEOUT)


def access_token_claims(*, token: str) -> dict[str, Any]:
    """The claims of an API bearer token, checked against the provider's published keys."""
    key = _jwks_client(settings.OIDC_OP_JWKS_ENDPOINT).get_signing_key_from_jwt(token)
    return token_claims(token=token, key=key, audience=settings.OIDC_API_AUDIENCE)


class CityIdentityBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with the checks and the user rules above."""

    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        # The library checks the signature and expiry only; the issuer and
        # audience must be checked too, or any token of the provider's would do.
        try:
            return token_claims(token=payload, key=key, audience=self.OIDC_RP_CLIENT_ID)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the userinfo must be about the token's subject.
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("The userinfo subject differs from the ID token's.")
        try:
            return services.user_sign_in_from_claims(claims={**payload, **userinfo}, issuer=settings.OIDC_ISSUER)
        except ValidationError as error:
            raise SuspiciousOperation(str(error)) from error


def provider_logout_url(*, id_token: str | None, return_to: str) -> str:
    """RP-initiated logout at the provider, coming back to `return_to` (absolute);
    `return_to` itself when the provider has no end-session endpoint or the
    person did not sign in there."""
    if not (id_token and settings.OIDC_OP_LOGOUT_ENDPOINT):
        return return_to
    query = urlencode(
        {"id_token_hint": id_token, "post_logout_redirect_uri": return_to, "client_id": settings.OIDC_RP_CLIENT_ID}
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
