"""City spaces opened to residents: libraries, youth centres, playgrounds,
schools, multi-purpose houses and other premises, with their terms of use.

A space's `point` is where one goes in (what the map pins); `footprint` is the
building or park when known. Its located `geometry` is the footprint, or the
point when there is none; spaces.services keeps it and the area index.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from geo_osallisuus.text_fields import PlainCharField, PlainTextField

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")

MSG_HOURS_SHAPE = _('Opening hours must map weekdays (mon ... sun) to lists of ["HH:MM", "HH:MM"] pairs.')
MSG_HOURS_ORDER = _("Opening hours on {day}: {start}-{end} does not end after it starts.")


def validate_opening_hours(value) -> None:
    """{"mon": [["08:00", "20:00"]], "sat": [], ...}: days from WEEKDAYS, each a list of opening spans."""
    if value in (None, {}):
        return
    if not isinstance(value, dict) or not set(value) <= set(WEEKDAYS):
        raise ValidationError(MSG_HOURS_SHAPE, code="shape")
    for day, spans in value.items():
        if not isinstance(spans, list):
            raise ValidationError(MSG_HOURS_SHAPE, code="shape")
        for span in spans:
            if (
                not isinstance(span, (list, tuple))
                or len(span) != 2
                or not all(isinstance(t, str) and _TIME.match(t) for t in span)
            ):
                raise ValidationError(MSG_HOURS_SHAPE, code="shape")
            if span[1] <= span[0]:
                raise ValidationError(MSG_HOURS_ORDER.format(day=day, start=span[0], end=span[1]), code="order")


class Space(LocatedItem):
    class Kind(models.TextChoices):
        LIBRARY = "library", _("library")
        YOUTH_CENTRE = "youth_centre", _("youth centre")
        PLAYGROUND = "playground", _("playground")
        SCHOOL = "school", _("school")
        MULTIPURPOSE_HOUSE = "multipurpose_house", _("multi-purpose house")
        CULTURE_CENTRE = "culture_centre", _("culture centre")
        SPORTS = "sports", _("sports facility")
        RESIDENT_HOUSE = "resident_house", _("resident house")
        OTHER = "other", _("other")

    name = PlainCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    # An import sets the kind from the service type or the name; once a person
    # has chosen it (the admin), a re-import keeps theirs.
    kind_set_by_hand = models.BooleanField(
        _("kind set by hand"), default=False, help_text=_("Imports do not change a kind set by hand.")
    )
    description = PlainTextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    municipality = models.CharField(_("municipality"), max_length=50, blank=True, default="Helsinki")
    point = models.PointField(_("entrance point"), srid=settings.PROJECTION_SRID)
    footprint = models.MultiPolygonField(_("footprint"), srid=settings.PROJECTION_SRID, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    www = models.URLField(_("web page"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("People at once."))
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    is_free = models.BooleanField(
        _("free of charge"), null=True, blank=True, help_text=_("Empty when the terms are not known.")
    )
    price_info = models.CharField(_("price"), max_length=300, blank=True)
    self_service = models.BooleanField(
        _("self-supervised use"), default=False, help_text=_("Omavalvontainen käyttö: usable without staff present.")
    )
    opening_hours = models.JSONField(
        _("weekly opening hours"),
        default=dict,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_('E.g. {"mon": [["08:00", "20:00"]], "sat": [["10:00", "16:00"]]}; a day missing is closed.'),
    )
    opening_hours_text = models.CharField(_("opening hours as text"), max_length=500, blank=True)
    booking_url = models.URLField(_("booking link"), max_length=500, blank=True)
    origin_id = models.CharField(
        _("origin id"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_('Where the space comes from and its id there, e.g. "servicemap:8215"; re-imports match on it.'),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    search_fields = (
        ("name_fi", "fi"),
        ("name_sv", "sv"),
        ("street_address_fi", "fi"),
        ("street_address_sv", "sv"),
        ("description_fi", "fi"),
    )
    summary_key = "spaces"
    summary_fields = ("kind",)
    located_geometry_field = "point"

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("city space")
        verbose_name_plural = _("city spaces")
        indexes = [models.Index(fields=("kind",), name="space_kind")]

    def __str__(self) -> str:
        return self.name


class ServiceTypeKind(models.Model):
    """The kind of space a service map service type (`ServiceTypeID`) stands for.

    Data, not code: the city's service types change, and an administrator adds
    one in the admin without a release. Types without a row fall back to the
    kind guessed from the unit's name.
    """

    service_type = models.PositiveIntegerField(_("service type id"), unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Space.Kind.choices)
    label = models.CharField(_("service type"), max_length=200, blank=True, help_text=_("The type's name, for people."))

    class Meta:
        ordering = ("service_type",)
        verbose_name = _("service type's kind")
        verbose_name_plural = _("service types' kinds")

    def __str__(self) -> str:
        return f"{self.service_type} {self.label}".strip()
