"""Admin for luotsit, their areas, and the coverage page (planners and admins)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.models import DivisionType
from geo_osallisuus import roles

from . import selectors, services
from .models import Luotsi, Role


class ServingFilter(admin.SimpleListFilter):
    title = _("serving now")
    parameter_name = "serving"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        active = Luotsi.objects.active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Luotsi)
class LuotsiAdmin(TranslationAdmin):
    list_display = ("__str__", "role", "title", "area_names", "is_active", "active_from", "active_to", "publish_email", "publish_phone")
    list_filter = ("role", ServingFilter, "is_active", "areas__division")
    search_fields = ("name", "email", "areas__name_fi", "areas__name_sv", "areas__code")
    autocomplete_fields = ("areas", "user")
    readonly_fields = ("erased_at", "created_at", "modified_at")
    actions = ("deactivate_selected", "erase_selected")
    # Photo URLs are on the city's own server, served over https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("role", "name", "title", "languages", "user")}),
        (_("Contact details and their publication"), {"fields": (("email", "publish_email"), ("phone", "publish_phone"), ("photo_url", "publish_photo"))}),
        (_("Areas served"), {"fields": ("areas",)}),
        (_("Active period"), {"fields": ("is_active", "active_from", "active_to", "erased_at", "created_at", "modified_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("areas served"))
    def area_names(self, obj):
        return ", ".join(area.name for area in obj.areas.all())

    # Planners and admins manage luotsit (the admin site itself admits staff only).
    def has_view_permission(self, request, obj=None):
        return roles.user_is_planner(request.user)

    def has_add_permission(self, request):
        return roles.user_is_planner(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.user_is_planner(request.user) and not (obj is not None and obj.erased_at)

    def has_delete_permission(self, request, obj=None):
        # Luotsit are deactivated or erased, not deleted: their areas' history stays.
        return False

    def has_module_permission(self, request):
        return roles.user_is_planner(request.user)

    @admin.action(description=_("Deactivate (the luotsi has left)"))
    def deactivate_selected(self, request, queryset):
        for luotsi in queryset:
            services.luotsi_deactivate(luotsi=luotsi)
        self.message_user(request, _("{n} luotsit deactivated.").format(n=queryset.count()))

    @admin.action(description=_("Erase personal data (on request; cannot be undone)"))
    def erase_selected(self, request, queryset):
        if not roles.user_is_admin(request.user):
            self.message_user(request, _("Only admins may erase personal data."), level=messages.ERROR)
            return
        erased = 0
        for luotsi in queryset.filter(erased_at__isnull=True):
            services.luotsi_erase(luotsi=luotsi)
            erased += 1
        self.message_user(request, _("Personal data of {n} luotsit erased.").format(n=erased))

    # --- Coverage page ---------------------------------------------------------

    def get_urls(self):
        return [
            path("coverage/", self.admin_site.admin_view(self.coverage_view), name="luotsit_luotsi_coverage"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "coverage_url": reverse("admin:luotsit_luotsi_coverage")}
        return super().changelist_view(request, extra_context=extra_context)

    def coverage_view(self, request):
        if not roles.user_is_planner(request.user):
            return TemplateResponse(request, "admin/luotsit/coverage.html", {**self.admin_site.each_context(request), "forbidden": True}, status=403)
        divisions = DivisionType.objects.order_by("level")
        slug = request.GET.get("division") or "suurpiiri"
        role = request.GET.get("role") if request.GET.get("role") in Role.values else Role.STADILUOTSI
        division = divisions.filter(slug=slug).first() or divisions.first()
        rows = selectors.luotsi_coverage(division=division, role=role) if division else []
        problems = [row for row in rows if row.status != selectors.COVERED]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Coverage of luotsit"),
            "opts": self.model._meta,
            "divisions": divisions,
            "division": division,
            "roles": Role.choices,
            "role": role,
            "gaps": [row for row in problems if row.status == selectors.GAP],
            "overlaps": [row for row in problems if row.status == selectors.OVERLAP],
            "covered_count": len(rows) - len(problems),
            "changelist_url": reverse("admin:luotsit_luotsi_changelist"),
        }
        return TemplateResponse(request, "admin/luotsit/coverage.html", context)
