"""Feedback with a place (palaute), routed by rules stored as data.

Helsinki receives some 50 000 pieces of feedback a year, and feedback must reach
the right place without the resident knowing whose responsibility it is. A
request names a *service* (Open311's service code: potholes, vandalism, ...) and
a point; *routing rules* (service × area → sector), edited by admins, say which
sector (toimiala) handles it, and the area's stadiluotsi is attached to it.

Privacy: the point a resident gives (`geometry`) and the contact fields are
never published. Public output shows the centre of the `PUBLIC_GRID_M` grid
cell the point falls in (feedback.selectors) and the areas that hold that
centre: the area index of feedback is computed from the cell's centre
(`published_grid_m`, areas.located), so area lists, area filters, summaries,
choropleths and participation counts are all functions of the published point,
and no answer narrows the point down further than the cell. A cell that
straddles a boundary counts in exactly the areas that hold its centre (both,
if the centre lies on the boundary itself). Only routing (feedback.routing)
and staff (the admin) use the exact point.

Only feedback.services writes `geometry`, the routing fields and the area index.
"""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from areas.place_terms import place_terms_index
from geo_osallisuus.text_fields import PlainCharField, PlainTextField

# The side of the grid cells public output rounds a request's point to (metres, EPSG:3067).
PUBLIC_GRID_M = 250


class Sector(models.Model):
    """A city sector (toimiala) that handles feedback and answers initiatives."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="sectors",
        help_text=_("Staff who may answer the sector's feedback and initiatives."),
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name or self.code


class Service(models.Model):
    """A kind of feedback (an Open311 GeoReport v2 service)."""

    service_code = models.CharField(_("service code"), max_length=40, unique=True)
    service_name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=200, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated."))
    default_sector = models.ForeignKey(
        Sector,
        verbose_name=_("default sector"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Handles the service's feedback where no routing rule says otherwise."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    allows_water = models.BooleanField(
        _("allowed on water"),
        default=False,
        db_default=False,
        help_text=_(
            "Requests may lie on water (a buoy, a jetty, a swimming beach); otherwise a request outside the city's "
            "land area is refused."
        ),
    )

    class Meta:
        ordering = ("service_code",)
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.service_code} {self.service_name}"


class RoutingRule(models.Model):
    """Feedback about `service` (any service when empty) in `area` (anywhere when
    empty) goes to `sector`.

    The most specific rule wins: one for the service over one for any service,
    then one for an area over one for anywhere, then the smaller area, then the
    lower `priority`, then the older rule.
    """

    service = models.ForeignKey(
        Service, verbose_name=_("service"), null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="rules")
    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower wins a tie."))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("service__service_code", "area__code", "priority", "id")
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=("service", "area"), nulls_distinct=False, name="routingrule_once_per_service_and_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service or _('any service')} × {self.area or _('anywhere')} → {self.sector}"


class FeedbackRequest(LocatedItem):
    """One piece of feedback (an Open311 service request). `geometry` is the exact point: never published."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="requests")
    description = PlainTextField(_("description"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    status_notes = PlainTextField(
        _("public answer"), blank=True, max_length=5000, help_text=_("The city's answer, shown to everyone.")
    )
    # Routing: written by feedback.services.feedback_route, never by hand.
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    routing_rule = models.ForeignKey(
        RoutingRule, verbose_name=_("routing rule"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    luotsi = models.ForeignKey(
        "luotsit.Luotsi",
        verbose_name=_("stadiluotsi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_requests",
    )
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    media_url = models.URLField(
        _("photo address"),
        max_length=1000,
        blank=True,
        default="",
        # Also for rows written in SQL (feedback.bench): none has a photo.
        db_default="",
        help_text=_("The https address of a photo of the matter, as the sender gave it (Open311 media_url); public."),
    )
    # Personal data: only staff see these; no public output contains them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address_string = models.CharField(_("address given"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    first_name = PlainCharField(_("first name"), max_length=100, blank=True)
    last_name = PlainCharField(_("last name"), max_length=100, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        # Rows written in SQL (feedback.bench) and through Open311 are public, as before.
        db_default=True,
        help_text=_(
            "The sender lets the request be published. A private one is seen only by its sender, its sector and "
            "staff: no public list, area count or duplicate check shows it."
        ),
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The duplicate check's terms of the description (areas.match_terms), kept at every save.
    match_terms = ArrayField(models.TextField(), default=list, blank=True, editable=False)

    search_fields = (("description", "fi"), ("description", "sv"))
    # The area index, and all that is public on it, uses the cell's centre (areas.located).
    published_grid_m = PUBLIC_GRID_M
    summary_key = "feedback"
    summary_fields = ("status",)

    class Meta:
        ordering = ("-requested_at", "-id")
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            GinIndex(fields=["match_terms"], name="feedback_match_terms"),
            # The duplicate check near a place reads its terms there only (areas.place_terms).
            place_terms_index("feedback_place_terms"),
        ]
        constraints = [
            # A closed request carries the city's public answer.
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(status_notes=""), name="feedback_closed_has_answer"),
        ]

    @property
    def service_request_id(self) -> str:
        return str(self.pk)

    def __str__(self) -> str:
        return f"#{self.pk} {self.service.service_code}"


class FeedbackFollow(models.Model):
    """A resident follows an open request instead of filing the same again."""

    request = models.ForeignKey(FeedbackRequest, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=("request", "user"), name="feedbackfollow_once_per_user")]


def photo_upload_to(instance: "FeedbackPhoto", filename: str) -> str:
    # The random key alone: the sender's file name (often a date, a place, a name) is never kept.
    return f"feedback/photos/{instance.key}.{instance.extension}"


class FeedbackPhoto(models.Model):
    """A photo sent with a request, stored by the service after feedback.photos re-encoded it
    (no EXIF, no GPS position). Served under its random `key`; public exactly when its request is."""

    request = models.OneToOneField(
        FeedbackRequest, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="photo"
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(_("image"), upload_to=photo_upload_to, max_length=200)
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"

    def __str__(self) -> str:
        return f"{self.key}.{self.extension}"
