"""Area events: resident forums, district meetings, open days.

An event has a place (`location`, a point), or lies in a city space, or has
none (online, or for a whole area: then `area` says which). Its located
`geometry` is the location, else the space's entrance point; events.services
keeps it and the area index. Events come from Linked Events (`source` +
`source_id`) or are published here by a luotsi (`published_by`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from geo_osallisuus.text_fields import PlainCharField, PlainTextField


class AreaEvent(LocatedItem):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    # What residents may see: a draft is the organiser's alone.
    PUBLIC_STATUSES = (Status.SCHEDULED, Status.POSTPONED, Status.CANCELLED)

    name = PlainCharField(_("name"), max_length=300)
    description = PlainTextField(_("description"), blank=True)
    start_time = models.DateTimeField(_("starts"))
    end_time = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.PointField(_("location"), srid=settings.PROJECTION_SRID, null=True, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("city space"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The area the event is for, when it has no place of its own (online, area-wide)."),
    )
    keywords = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("keywords"))
    organiser_name = PlainCharField(_("organiser"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The luotsi or planner who published the event here; empty for imported events."),
    )
    info_url = models.URLField(_("web page"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    source = models.CharField(_("source"), max_length=50, blank=True, help_text=_('E.g. "linkedevents".'))
    source_id = models.CharField(_("id at the source"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    search_fields = (("name_fi", "fi"), ("name_sv", "sv"), ("description_fi", "fi"))
    summary_key = "events"
    summary_fields = ("status",)

    class Meta:
        ordering = ("start_time", "id")
        verbose_name = _("area event")
        verbose_name_plural = _("area events")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "source_id"), condition=~Q(source_id=""), name="event_source_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gte=models.F("start_time")), name="event_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=("start_time",), name="event_start")]

    def __str__(self) -> str:
        return self.name
