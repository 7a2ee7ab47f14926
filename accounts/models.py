"""Who a signed-in person is at the city's identity service, and the API tokens they made.

The user rows themselves are Django's; this app adds the link from the
identity provider's subject to a user (so a changed e-mail address or name
never makes a second account) and personal API tokens for scripts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OidcIdentity(models.Model):
    """The provider's stable subject ("sub") of a user; one per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="oidc_identity"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    last_sign_in = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity at the identity service")
        verbose_name_plural = _("identities at the identity service")
        constraints = [models.UniqueConstraint(fields=("issuer", "subject"), name="oidcidentity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class ApiToken(models.Model):
    """A named personal token for scripts. Only its SHA-256 is stored: the
    token itself is shown once, when made. Revoking keeps the row (for the
    record) and stops it working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The first characters, so that a person can tell their tokens apart.
    prefix = models.CharField(_("start of the token"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
