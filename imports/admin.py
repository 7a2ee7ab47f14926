"""The import page and the import history in the admin (planners and admins).

"Add import" is the upload: pick the importer, give the file and its options,
and the page shows the dry run's summary; "Import" then runs it on the same
file. The history is read-only: a run is made only by these two steps.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from . import services
from .importers import IMPORTERS
from .models import ImportRun

MSG_CHOOSE = _("Choose what to import.")
MSG_IMPORTED = _("Imported {file}: {summary}")
MSG_REFUSED = _("Nothing was imported: {error}")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "importer_name", "file_name", "outcome", "user", "short_checksum")
    list_filter = ("importer", "outcome")
    search_fields = ("file_name", "checksum")
    fields = ("importer_name", "file_name", "checksum", "size", "options", "outcome", "summary", "user", "created_at", "finished_at")
    readonly_fields = fields
    change_form_template = "admin/imports/importrun/change_form.html"

    @admin.display(description=_("importer"), ordering="importer")
    def importer_name(self, run: ImportRun) -> str:
        importer = IMPORTERS.get(run.importer)
        return str(importer.label) if importer else run.importer

    @admin.display(description=_("SHA-256 checksum"))
    def short_checksum(self, run: ImportRun) -> str:
        return run.checksum[:12]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/commit/", self.admin_site.admin_view(self.commit_view), name="imports_importrun_commit"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        slug = request.POST.get("importer") if request.method == "POST" else request.GET.get("importer")
        importer = IMPORTERS.get(slug or "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _g("Import a file"),
            "importers": IMPORTERS.values(),
            "importer": importer,
        }
        if importer is None:
            if request.method == "POST":
                context["error"] = MSG_CHOOSE
            return TemplateResponse(request, "admin/imports/importrun/choose.html", context)
        form = importer.form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = services.import_preview(
                importer=importer.slug,
                content=b"".join(upload.chunks()),
                file_name=upload.name,
                options=form.options(),
                user=request.user,
            )
            if run.outcome == ImportRun.Outcome.PREVIEWED:
                return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[run.pk]))
            form.add_error("file", MSG_REFUSED.format(error=run.summary))
        context["form"] = form
        return TemplateResponse(request, "admin/imports/importrun/import_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        extra = {
            "run": run,
            "may_import": run is not None
            and run.outcome == ImportRun.Outcome.PREVIEWED
            and self.has_add_permission(request),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def commit_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        get_object_or_404(ImportRun, pk=pk)
        try:
            run = services.import_commit(run_id=pk, user=request.user)
        except services.ImportRefused as refusal:
            self.message_user(request, MSG_REFUSED.format(error=refusal), messages.ERROR)
        else:
            if run.outcome == ImportRun.Outcome.IMPORTED:
                self.message_user(request, MSG_IMPORTED.format(file=run.file_name, summary=run.summary), messages.SUCCESS)
            else:
                self.message_user(request, MSG_REFUSED.format(error=run.summary), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[pk]))
