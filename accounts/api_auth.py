"""API authentication for scripts: personal API tokens and the identity service's access tokens."""

from __future__ import annotations

import jwt
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from . import oidc, selectors, services

MSG_BAD_HEADER = _("The Authorization header must be the keyword and one token, separated by a space.")
MSG_TOKEN_INVALID = _("The API token is not valid or has been revoked.")
MSG_BEARER_INVALID = _("The access token is not valid: wrong signature, issuer or audience, or expired.")
MSG_BEARER_UNKNOWN = _("Sign in to the service once in the browser before using its API with this access token.")
MSG_BEARER_UNAVAILABLE = _("This service accepts no access tokens of an identity service.")


def _credential(request, keyword: bytes) -> str | None:
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != keyword:
        return None
    if len(parts) != 2:
        raise AuthenticationFailed(MSG_BAD_HEADER)
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError as error:
        raise AuthenticationFailed(MSG_BAD_HEADER) from error


class PageSessionAuthentication(SessionAuthentication):
    """The pages' session (with DRF's CSRF check). First in the list, so it decides the
    answer to a request without valid credentials: a 403 for a browser, as before; a
    401 with the challenge of the scheme a script tried (Token, Bearer or Basic)."""

    def authenticate_header(self, request) -> str | None:
        parts = get_authorization_header(request).split()
        scheme = parts[0].decode("latin-1").capitalize() if parts else ""
        if scheme == "Token":
            return "Token"
        if scheme in {"Bearer", "Basic"}:
            return f'{scheme} realm="api"'
        return None


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token geo_…`: a personal token made on the user's own page."""

    keyword = "Token"

    def authenticate(self, request):
        key = _credential(request, self.keyword.lower().encode())
        if key is None:
            return None
        user = services.api_token_user(key=key)
        if user is None:
            raise AuthenticationFailed(MSG_TOKEN_INVALID)
        return user, None

    def authenticate_header(self, request) -> str:
        return self.keyword


class OidcBearerAuthentication(BaseAuthentication):
    """`Authorization: Bearer …`: an access token of the identity service, checked
    against its published keys (signature, issuer, audience, expiry). The person
    must have signed in once, which made their account from the claims."""

    keyword = "Bearer"

    def authenticate(self, request):
        token = _credential(request, self.keyword.lower().encode())
        if token is None:
            return None
        if not settings.OIDC_OP_JWKS_ENDPOINT:
            raise AuthenticationFailed(MSG_BEARER_UNAVAILABLE)
        try:
            claims = oidc.access_token_claims(token=token)
        except jwt.PyJWTError as error:
            raise AuthenticationFailed(MSG_BEARER_INVALID) from error
        user = selectors.user_for_subject(issuer=settings.OIDC_ISSUER, subject=str(claims["sub"]))
        if user is None:
            raise AuthenticationFailed(MSG_BEARER_UNKNOWN)
        return user, claims

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
