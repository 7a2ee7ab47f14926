"""Volunteering opportunities and their organisers.

An organiser is an association or a city unit. An association's
representative (`user`) publishes the organiser's opportunities once a planner
or a luotsi has verified them (`verified_by`, `verified_at`); until then
nothing of theirs is public. The organiser's e-mail and phone are published
only with the organiser's consent (`publish_contact`).

An opportunity has a place (`location`), or is for a whole `area`, or is
online; it happens once (start and end), recurs (`schedule` in words) or is
ongoing. Its located `geometry` is the location; volunteering.services keeps it
and the area index.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from geo_osallisuus.text_fields import PlainCharField, PlainTextField

LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")), ("other", _("other languages")))


class Organiser(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("association")
        CITY_UNIT = "city_unit", _("city unit")

    name = PlainCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteering_organisers",
        help_text=_("The person who publishes the organiser's opportunities."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    publish_contact = models.BooleanField(
        _("contact details may be published"),
        default=False,
        help_text=_("The organiser's consent to show the e-mail and phone to everyone."),
    )
    www = models.URLField(_("web page"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("volunteering organiser")
        verbose_name_plural = _("volunteering organisers")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Opportunity(LocatedItem):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    class TimeKind(models.TextChoices):
        ONCE = "once", _("once")
        RECURRING = "recurring", _("recurring")
        ONGOING = "ongoing", _("ongoing")

    class Kind(models.TextChoices):
        ENVIRONMENT = "environment", _("environment and nature")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood and residents")
        SOCIAL = "social", _("helping people")
        CULTURE = "culture", _("culture and events")
        SPORTS = "sports", _("sports")
        CHILDREN_YOUTH = "children_youth", _("children and young people")
        OTHER = "other", _("other")

    organiser = models.ForeignKey(Organiser, verbose_name=_("organiser"), on_delete=models.CASCADE, related_name="opportunities")
    title = PlainCharField(_("title"), max_length=200)
    description = PlainTextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    location = models.PointField(_("location"), srid=settings.PROJECTION_SRID, null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteering_opportunities",
        help_text=_("The area it is for, when it has no place of its own."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    time_kind = models.CharField(_("time"), max_length=10, choices=TimeKind.choices, default=TimeKind.ONGOING)
    start_time = models.DateTimeField(_("starts"), null=True, blank=True)
    end_time = models.DateTimeField(_("ends"), null=True, blank=True)
    schedule = PlainCharField(_("schedule"), max_length=200, blank=True, help_text=_('E.g. "every Tuesday 17-19".'))
    languages = ArrayField(
        models.CharField(max_length=5, choices=LANGUAGES), default=list, blank=True, verbose_name=_("languages")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    skills = PlainCharField(_("skills wanted"), max_length=300, blank=True)
    sign_up_url = models.URLField(
        _("sign-up link"), max_length=500, blank=True, help_text=_("Empty: one signs up through the organiser's contact.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    search_fields = (("title_fi", "fi"), ("title_sv", "sv"), ("description_fi", "fi"))
    summary_key = "volunteering"
    summary_fields = ("kind",)

    class Meta:
        ordering = ("title", "id")
        verbose_name = _("volunteering opportunity")
        verbose_name_plural = _("volunteering opportunities")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(min_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="opportunity_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=True) | Q(end_time__gte=F("start_time")),
                name="opportunity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
