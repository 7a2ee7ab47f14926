from django.contrib import messages
from django.contrib.gis import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import InHelsinkiAdminForm, LeafletGeoAdmin

from .models import Opportunity, Organiser
from .services import MSG_UNVERIFIED, opportunity_geometry_sync, organiser_verify


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "user", "verified_at", "verified_by", "publish_contact", "is_demo")
    list_filter = ("kind", "publish_contact", "is_demo")
    search_fields = ("name",)
    autocomplete_fields = ("user",)
    readonly_fields = ("verified_by", "verified_at", "created_at")
    actions = ("verify_selected",)

    @admin.action(description=_("Verify the selected organisers"), permissions=["change"])
    def verify_selected(self, request, queryset):
        try:
            for organiser in queryset:
                organiser_verify(organiser=organiser, by=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)


class OpportunityForm(InHelsinkiAdminForm):
    helsinki_fields = ("location",)

    def clean(self):
        cleaned = super().clean()
        organiser = cleaned.get("organiser")
        if cleaned.get("status") == Opportunity.Status.PUBLISHED and organiser and not organiser.is_verified:
            self.add_error("status", str(MSG_UNVERIFIED).format(name=organiser.name))
        return cleaned


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin, LeafletGeoAdmin):
    form = OpportunityForm
    list_display = ("title", "organiser", "kind", "time_kind", "status", "is_demo")
    list_filter = ("status", "kind", "time_kind", "is_online", "is_demo")
    search_fields = ("title_fi", "title_sv", "title_en", "organiser__name")
    autocomplete_fields = ("organiser", "area")
    exclude = ("geometry",)
    readonly_fields = ("created_at", "modified_at")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The located geometry and the area index follow the edit.
        opportunity_geometry_sync(opportunity_ids=[form.instance.pk])
