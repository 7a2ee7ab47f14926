"""Area divisions and their areas.

A *division* (DivisionType) is one way of cutting the city into areas: the
statistical suurpiiri ⊃ peruspiiri ⊃ osa-alue, the statutory kaupunginosat, and
divisions nobody official drew, such as the areas residents define themselves.
An *Area* belongs to one division, carries the code its origin gave it, and may
link to a parent area in the division's parent division.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DivisionType(models.Model):
    """A way of dividing the city into areas."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        help_text=_("The division whose areas contain this division's areas, if any."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_official = models.BooleanField(
        _("official"), default=True, help_text=_("Drawn by the city rather than by residents.")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), default=0, help_text=_("Sort order: larger areas first.")
    )
    origin_layer = models.CharField(
        _("origin layer"),
        max_length=100,
        blank=True,
        help_text=_("Name of the open-data layer this division is imported from, e.g. Piirijako_suurpiiri."),
    )

    class Meta:
        ordering = ("level", "slug")
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name or self.slug


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Areas whose validity period includes `day`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Area(models.Model):
    """One area of one division, stored in settings.PROJECTION_SRID."""

    division = models.ForeignKey(
        DivisionType, verbose_name=_("division"), on_delete=models.PROTECT, related_name="areas"
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_("The identifier the area's origin gives it (tunnus), kept as text: leading zeros matter."),
    )
    full_code = models.CharField(
        _("full code"), max_length=40, blank=True, help_text=_("The origin's full code (kokotunnus), if any.")
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    eligible_population = models.PositiveIntegerField(
        _("residents of voting age"),
        null=True,
        blank=True,
        help_text=_("Residents aged 12 or more in the population year: the base of participatory budgeting's turnout."),
    )
    is_approximate = models.BooleanField(
        _("approximate geometry"),
        default=False,
        help_text=_("The boundary is an approximation (demo data), not the official line."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    geometry = models.MultiPolygonField(_("geometry"), srid=settings.PROJECTION_SRID)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ("division__level", "code")
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=("division", "code"), name="area_unique_code_in_division"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="area_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.division.slug} {self.code})"


class AreaMembership(models.Model):
    """One located item (a case, a space, a budget project...) lies in or touches one area.

    The rows are an index kept by areas.located: written by the services that
    change an item's geometry and rebuilt when a division is re-imported, never
    edited by hand. `covers` tells whether the item lies wholly inside the area
    (boundary included) rather than only touching or crossing it.
    """

    # The index is written in bulk (millions of rows when a division is re-imported), so it
    # carries only the b-tree indexes and foreign-key checks its reads and its integrity need
    # (bench/RESULTS.md): no index of its own on content_type or area (each leads an index
    # below), and no database check on content_type or division. `division` is copied from
    # the row's area in the same INSERT … SELECT, and the area's own foreign key (kept: an
    # area cannot be deleted under its rows) makes it exist; content types are never deleted
    # while their model is installed. Django still cascades deletes of both in Python.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("item type"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    object_id = models.PositiveBigIntegerField(_("item id"))
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    # Denormalised from area.division so that "which areas of division X" needs no join.
    division = models.ForeignKey(
        DivisionType, verbose_name=_("division"), on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    covers = models.BooleanField(_("wholly inside"), default=False)

    class Meta:
        verbose_name = _("area membership")
        verbose_name_plural = _("area memberships")
        constraints = [
            # Also the index of an item's rows (content_type, object_id): a prefix of it.
            models.UniqueConstraint(fields=("content_type", "object_id", "area"), name="areamembership_unique_item_area"),
        ]
        indexes = [
            # An area's items; also the index of the area foreign key (its prefix).
            models.Index(fields=("area", "content_type", "object_id"), name="areamembership_area_item"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} in {self.area_id}"


class Address(models.Model):
    """One entry of the address register: a street address and its point.

    The register lets the service place text on the map ("Mannerheimintie 5",
    "Hämeentie"): see areas.geocoding. It is imported with `import_addresses`
    (Helsinki's address list as CSV, or the service map's address JSON) or
    loaded as demo data.
    """

    street_fi = models.CharField(_("street (Finnish)"), max_length=100)
    street_sv = models.CharField(_("street (Swedish)"), max_length=100, blank=True)
    number = models.CharField(
        _("number"), max_length=20, help_text=_('The house number as written, with a letter or range: "5", "5a", "12-14".')
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    point = models.PointField(_("point"), srid=settings.PROJECTION_SRID)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ("street_fi", "number")
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(fields=("street_fi", "number"), name="address_unique_street_number"),
        ]

    def __str__(self) -> str:
        return f"{self.street_fi} {self.number}"


class RemovedAreaLink(models.Model):
    """A many-to-many link to an area that an import removed (e.g. a luotsi's assignment),
    kept by division and code so that it comes back when an import brings the code back."""

    division = models.ForeignKey(DivisionType, verbose_name=_("division"), on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("item type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("item id"))
    field_name = models.CharField(_("field"), max_length=100)
    removed_at = models.DateTimeField(_("removed"), auto_now_add=True)

    class Meta:
        verbose_name = _("removed area link")
        verbose_name_plural = _("removed area links")
        constraints = [
            models.UniqueConstraint(
                fields=("division", "code", "content_type", "object_id", "field_name"), name="removed_area_link_once"
            )
        ]

