"""Pending cases of the city's decision system Ahjo, and where they are.

A case is stored as Ahjo describes it (id, title, classification, status, the
sector that prepares it, dates) and only when it is public (cases.ahjo says
how a listing tells). A sub-case (a statement request, "Lausunto") is a case
of its own with its `parent`. Ahjo knows no geometry: a case's `locations`
come from an importer that has it, a planner who draws it in the admin, or
the geolocator that reads the title. The case's
own `geometry` (from LocatedItem) is all its locations together, kept by
cases.services together with the area index.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem, LocatedQuerySet
from geo_osallisuus.text_fields import PlainCharField

MSG_CASE_ID_INVALID = _('{value!r} is not an Ahjo case id such as "HEL 2025-007790".')

# "HEL 2022-011760" (labels) or "HEL-2022-011760" (ids): organisation, year, six digits;
# a sub-case adds a kind and a number: "HEL 2021-009907 Lausunto 1" / "HEL-2021-009907-Lausunto-1"
# (Ahjo's statement requests; any one-word kind is taken, as Ahjo may add others).
_CASE_ID = re.compile(
    r"^\s*([A-Za-z]{2,6})[\s-]+((?:19|20)\d{2})[\s-]+(\d{6})(?:[\s-]+([^\W\d_]{2,30})[\s-]+(\d{1,4}))?\s*$"
)


def normalise_case_id(value: object) -> str:
    """The case id as Ahjo's labels write it, "HEL 2022-011760" or, for a sub-case,
    "HEL 2021-009907 Lausunto 1", from either form.

    Raises ValidationError for anything else.
    """
    match = _CASE_ID.match(str(value or ""))
    if not match:
        raise ValidationError(MSG_CASE_ID_INVALID.format(value=str(value)[:40]), code="invalid")
    organisation, year, number, kind, sub_number = match.groups()
    case_id = f"{organisation.upper()} {year}-{number}"
    return f"{case_id} {kind.capitalize()} {int(sub_number)}" if kind else case_id


def case_parent_id(case_id: str) -> str | None:
    """The id of the case a sub-case belongs to ("HEL 2021-009907" for
    "HEL 2021-009907 Lausunto 1"); None for a case of its own."""
    organisation, year, number, kind, _sub = _CASE_ID.match(normalise_case_id(case_id)).groups()
    return f"{organisation} {year}-{number}" if kind else None


def case_id_slug(case_id: str) -> str:
    """The id as Ahjo's API and URLs write it: "HEL-2022-011760"."""
    return normalise_case_id(case_id).replace(" ", "-")


def validate_case_id(value: str) -> None:
    if normalise_case_id(value) != value:
        raise ValidationError(MSG_CASE_ID_INVALID.format(value=value), code="not_normalised")


class CaseQuerySet(LocatedQuerySet):
    def pending(self):
        return self.filter(status=Case.Status.PENDING)


class Case(LocatedItem):
    """A public case in Ahjo."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")  # Ahjo: Vireillä
        DECIDED = "decided", _("decided")  # Ratkaistu
        ARCHIVED = "archived", _("archived")  # Arkistoitu
        OTHER = "other", _("other")

    case_id = models.CharField(
        _("case id"),
        max_length=50,
        unique=True,
        validators=[validate_case_id],
        help_text=_('As Ahjo labels it: "HEL 2025-007790".'),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_cases",
        help_text=_("For a sub-case such as a statement request (Lausunto), the case it belongs to."),
    )
    title = PlainCharField(_("title"), max_length=1000, blank=True)
    classification_code = models.CharField(_("classification code"), max_length=20, blank=True)
    classification_title = models.CharField(_("classification"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    status_ahjo = models.CharField(_("status in Ahjo"), max_length=50, blank=True)
    sector = models.CharField(
        _("sector"), max_length=200, blank=True, help_text=_("The toimiala that prepares the case, as Ahjo names it.")
    )
    sector_code = models.CharField(_("sector code"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    created = models.DateTimeField(_("created in Ahjo"), null=True, blank=True)
    acquired = models.DateTimeField(_("acquired"), null=True, blank=True)
    last_handled = models.DateTimeField(_("last handled"), null=True, blank=True)
    geolocation_text = models.TextField(
        _("text for geolocation"),
        blank=True,
        help_text=_("What the geolocator reads: the title, or the public records' titles when there is none."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    search_fields = (("title_fi", "fi"), ("title_sv", "sv"), ("classification_title", "fi"))
    summary_key = "cases"
    summary_fields = ("status",)

    class Meta:
        ordering = ("-created", "case_id")
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=("status", "-created"), name="case_status_created"),
            models.Index(fields=("classification_code",), name="case_classification"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title, or the classification when Ahjo gives none."""
        return self.title or self.classification_title or self.case_id

    @property
    def ahjo_id(self) -> str:
        return case_id_slug(self.case_id)

    @property
    def ahjo_url(self) -> str:
        """The case in Ahjo in Finnish: the API's one address per case."""
        return settings.AHJO_CASE_URL.format(id=self.ahjo_id.lower())

    def ahjo_url_in(self, language: str) -> str:
        """The case on paatokset.hel.fi in `language` where it has one (fi, sv, en), else in Finnish."""
        return settings.AHJO_CASE_URLS.get(language, settings.AHJO_CASE_URL).format(id=self.ahjo_id.lower())


class CaseLocation(models.Model):
    """One place a case concerns: a point, a line (a street) or an area."""

    class Source(models.TextChoices):
        IMPORTED = "imported", _("imported")
        DRAWN = "drawn", _("drawn by a planner")
        GEOLOCATED = "geolocated", _("geolocated from text")

    class Precision(models.TextChoices):
        EXACT = "exact", _("as drawn or imported")
        ADDRESS = "address", _("street address")
        STREET = "street", _("street")
        AREA = "area", _("area")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="locations")
    geometry = models.GeometryField(_("geometry"), srid=settings.PROJECTION_SRID)
    source = models.CharField(_("found by"), max_length=20, choices=Source.choices, default=Source.DRAWN)
    precision = models.CharField(_("precision"), max_length=20, choices=Precision.choices, default=Precision.EXACT)
    matched_text = models.CharField(
        _("matched text"), max_length=200, blank=True, help_text=_("What the geolocator recognised in the text.")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("case", "id")
        verbose_name = _("case location")
        verbose_name_plural = _("case locations")

    def __str__(self) -> str:
        return f"{self.case.case_id}: {self.get_source_display()} {self.geometry.geom_type if self.geometry else ''}"
