"""The history of file imports run from the admin (README: planners' tools)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One uploaded file: previewed (a dry run, nothing saved), then imported or refused.

    The file's bytes are kept only between the preview and the import, so that the
    import runs on exactly the file that was previewed (its SHA-256 stays as the record).
    """

    class Outcome(models.TextChoices):
        PREVIEWED = "previewed", _("previewed, not imported")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("refused, nothing imported")

    importer = models.CharField(_("importer"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    summary = models.TextField(_("summary"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("previewed at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported or refused at"), null=True, blank=True)
    staged = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.importer}: {self.file_name} ({self.get_outcome_display()})"
