"""A resident area proposal and every version of its geometry."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_osallisuus.text_fields import PlainCharField, PlainTextField


class ResidentAreaState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ResidentAreaSource(models.TextChoices):
    DRAWN = "drawn", _("drawn on the map")
    FILE = "file", _("uploaded file")
    AREAS = "areas", _("union of official areas")


class ResidentArea(models.Model):
    """An area a resident or a luotsi defines, following no official line.

    The geometry is written only by `resident_areas.services` (which also writes
    the history row); an approved proposal has its `area`, an Area of the
    division `asukasalue` that carries the same geometry.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="resident_areas",
    )
    name = PlainCharField(_("name"), max_length=200)
    description = PlainTextField(_("description"), blank=True, max_length=4000)
    geometry = models.MultiPolygonField(_("geometry"), srid=settings.PROJECTION_SRID)
    source = models.CharField(_("defined as"), max_length=10, choices=ResidentAreaSource.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=ResidentAreaState.choices, default=ResidentAreaState.PROPOSED
    )
    moderation_reason = PlainTextField(_("moderation reason"), blank=True, max_length=2000)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_resident_areas",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    area = models.OneToOneField(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_proposal",
        help_text=_("The area of the resident-area division this proposal became when approved."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("resident area proposal")
        verbose_name_plural = _("resident area proposals")
        # The tables keep the names they had inside the areas app (migration 0001).
        db_table = "areas_residentarea"
        indexes = [models.Index(fields=("state",), name="residentarea_state")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"


class ResidentAreaVersion(models.Model):
    """One version of a resident area's geometry: who made it and when.

    Every geometry a proposal has had is kept, the current one included (the
    latest row), so the history is complete without reading the proposal.
    """

    resident_area = models.ForeignKey(
        ResidentArea, verbose_name=_("resident area"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    geometry = models.MultiPolygonField(_("geometry"), srid=settings.PROJECTION_SRID)
    source = models.CharField(_("defined as"), max_length=10, choices=ResidentAreaSource.choices)
    repaired = models.BooleanField(_("repaired"), default=False)
    clipped = models.BooleanField(_("clipped to the city"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ("resident_area", "number")
        verbose_name = _("resident area version")
        verbose_name_plural = _("resident area versions")
        db_table = "areas_residentareaversion"
        constraints = [
            models.UniqueConstraint(fields=("resident_area", "number"), name="residentareaversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_area_id} v{self.number}"
