"""Initiatives (aloitteet): residents propose, others support, the sector answers.

As the participation model defines it, an initiative is a written proposal to
bring about or start something new. An application that seeks a direct benefit
for the applicant is not one, nor is an opinion on a matter already being
handled, and a remark on what has already been done is feedback
(`initiatives.kinds`). Initiatives made through the youth channel (Ruuti)
carry `youth`.

An initiative moves draft → submitted → in preparation → answered (or is
withdrawn by its author before the answer). Its place is optional and public;
its author is never shown. Supports are once per person (a database constraint).
Only initiatives.services writes `geometry` and the area index.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from geo_osallisuus.text_fields import PlainCharField, PlainTextField


class InitiativeCategory(models.Model):
    """What an initiative is about, and the sector that answers initiatives of the kind by default."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        "feedback.Sector", verbose_name=_("answering sector"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("initiative category")
        verbose_name_plural = _("initiative categories")

    def __str__(self) -> str:
        return self.name or self.code


class Initiative(LocatedItem):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_PREPARATION = "in_preparation", _("in preparation")
        ANSWERED = "answered", _("answered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    title = PlainCharField(_("title"), max_length=200)
    text = PlainTextField(_("text"), max_length=10000)
    category = models.ForeignKey(
        InitiativeCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="initiatives"
    )
    youth = models.BooleanField(_("youth initiative"), default=False, help_text=_("Made through the youth channel."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    sector = models.ForeignKey(
        "feedback.Sector",
        verbose_name=_("responsible sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    answer = PlainTextField(_("answer"), blank=True, max_length=10000)
    actions = PlainTextField(
        _("actions taken"), blank=True, max_length=5000, help_text=_("What was done; reported to the council.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    # The duplicate check's terms of the title (areas.match_terms), kept at every save.
    match_terms = ArrayField(models.TextField(), default=list, blank=True, editable=False)

    search_fields = (("title", "fi"), ("title", "sv"), ("text", "fi"), ("text", "sv"))
    summary_key = "initiatives"
    summary_fields = ("state",)

    class Meta:
        ordering = ("-submitted_at", "-id")
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="initiative_title_trgm"),
            GinIndex(fields=["match_terms"], name="initiative_match_terms"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="initiative_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(state__in=("draft", "withdrawn")) | Q(submitted_at__isnull=False),
                name="initiative_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InitiativeSupport(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=("initiative", "user"), name="initiativesupport_once_per_user")]


class InitiativeFollow(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=("initiative", "user"), name="initiativefollow_once_per_user")]
