"""Stadiluotsit and yritysluotsit: the city's named coordinators for areas.

A luotsi's contact details are personal data. Each one is shown outside the
staff only when its `publish_*` flag allows; `selectors.luotsi_public_contacts`
is the one place that applies the flags. A luotsi who leaves is deactivated, not
deleted, so that the areas they served keep their history; on request the
personal fields are blanked (`services.luotsi_erase`) and `erased_at` is set.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_osallisuus.text_fields import PlainCharField

MSG_NAME_REQUIRED = _("A luotsi needs a name (only an erased luotsi has none).")
MSG_PHOTO_HOST = _("A photo must be on the city's own server ({hosts}) over https; {host} is not.")
MSG_PHONE_FORMAT = _("Enter a phone number of digits, spaces and dashes, optionally starting with +.")


class Role(models.TextChoices):
    STADILUOTSI = "stadiluotsi", _("stadiluotsi")
    YRITYSLUOTSI = "yritysluotsi", _("yritysluotsi")


# Languages a luotsi may serve residents in (ISO 639-1), the city's own first.
SPOKEN_LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("so", _("Somali")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("fr", _("French")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("sgn", _("Finnish Sign Language")),
]

phone_validator = RegexValidator(r"^\+?[0-9][0-9 \-]{4,22}$", MSG_PHONE_FORMAT)


def validate_photo_host(url: str) -> None:
    """A photo only over https from settings.LUOTSI_PHOTO_HOSTS (a host or its subdomains): the help text's promise.

    A third-party host would learn who looks at a luotsi's card, and pages allow
    images from the service alone (CSP img-src)."""
    try:
        URLValidator()(url)
    except ValidationError:
        return  # the field's own URL validator says what is wrong
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    allowed = settings.LUOTSI_PHOTO_HOSTS
    if parts.scheme == "https" and any(host == h or host.endswith(f".{h}") for h in allowed):
        return
    raise ValidationError(MSG_PHOTO_HOST.format(hosts=", ".join(allowed), host=host), code="photo_host")


class LuotsiQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Luotsit serving on `on` (today): active, not erased, inside their active period."""
        day = on or timezone.localdate()
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_to__isnull=True) | Q(active_to__gte=day),
            is_active=True,
            erased_at__isnull=True,
        )


class Luotsi(models.Model):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STADILUOTSI)
    name = PlainCharField(_("name"), max_length=200, blank=True)
    title = PlainCharField(_("title"), max_length=200, blank=True, help_text=_("Job title, e.g. Stadiluotsi."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    photo_url = models.URLField(
        _("photo URL"),
        blank=True,
        validators=[validate_photo_host],
        help_text=_("Address of a portrait on the city's own server; never a third-party host."),
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=SPOKEN_LANGUAGES),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    publish_email = models.BooleanField(_("publish e-mail"), default=False)
    publish_phone = models.BooleanField(_("publish phone"), default=False)
    publish_photo = models.BooleanField(_("publish photo"), default=False)
    areas = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("areas served"),
        related_name="luotsit",
        blank=True,
        help_text=_("Areas of any division, resident-defined ones included."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="luotsi",
        help_text=_("The account the luotsi signs in with to edit their own profile."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    objects = LuotsiQuerySet.as_manager()

    class Meta:
        ordering = ("role", "name", "id")
        verbose_name = _("luotsi")
        verbose_name_plural = _("luotsit")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="luotsi_active_period_ordered",
            ),
            # An erased luotsi can never serve again: the row stays only as history.
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True) | Q(is_active=False),
                name="luotsi_erased_is_inactive",
            ),
        ]

    def clean(self) -> None:
        if self.erased_at is None and not self.name.strip():
            raise ValidationError({"name": MSG_NAME_REQUIRED})

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("erased luotsi #{id}")).format(id=self.pk)
        return f"{self.name} ({self.get_role_display()})"
