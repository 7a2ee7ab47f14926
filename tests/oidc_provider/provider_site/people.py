"""The people of users.json: who may sign in, with which password and claims."""

import json
import secrets
import time

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from jwcrypto import jwk
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict:
    return json.loads((settings.PROVIDER_DIR / "users.json").read_text())


class PeopleFileBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        person = people().get(username or "")
        if person is None or person["password"] != password:
            return None
        return get_user_model().objects.get_or_create(username=username)[0]

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id).first()


class ClaimsValidator(OAuth2Validator):
    # Every claim of the person goes into the ID token and userinfo, whatever the scope.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(people()[request.user.username]["claims"])


def signed_access_token(request, refresh_token=False):
    """A JWT access token signed with the provider's key, with the key id of its JWKS."""
    private_pem = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]
    kid = jwk.JWK.from_pem(private_pem.encode()).thumbprint()
    now = int(time.time())
    claims = {
        "iss": settings.ISSUER,
        "sub": str(request.user.pk),
        "aud": request.client_id,
        "iat": now,
        "exp": now + 600,
        "scope": " ".join(request.scopes or []),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, private_pem, algorithm="RS256", headers={"kid": kid})
