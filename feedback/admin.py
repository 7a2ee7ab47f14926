"""Admin: sectors, services and the routing rules (data, editable here), and the requests.

Saving or deleting a rule re-routes every request that is not closed, in one
set-based pass, so the rules and the routing never disagree.
"""

from django import forms
from django.contrib import messages
from django.contrib.gis import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import LeafletGeoAdmin
from areas.geometry import GeometryError

from .models import FeedbackRequest, RoutingRule, Sector, Service
from .routing import feedback_route
from .selectors import request_photo
from .services import feedback_place, feedback_point_check, feedback_reroute_open


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ("code", "name")
    filter_horizontal = ("members",)


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ("service_code", "service_name", "group", "default_sector", "is_active", "allows_water")
    list_filter = ("is_active", "allows_water", "default_sector")
    search_fields = ("service_code", "service_name_fi", "service_name_sv", "service_name_en")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "service", "area", "sector", "priority")
    list_filter = ("sector", "area__division")
    raw_id_fields = ("area",)

    def _reroute(self, request):
        routed = feedback_reroute_open()
        self.message_user(request, _("{count} open requests routed again.").format(count=routed), messages.INFO)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._reroute(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._reroute(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._reroute(request)


class FeedbackRequestForm(forms.ModelForm):
    """A request staff file for a resident (by phone or e-mail): the point is checked
    by the services' rule, and the request is routed when saved."""

    class Meta:
        model = FeedbackRequest
        fields = ("service", "description", "geometry", "address_string", "email", "first_name", "last_name")

    def clean_geometry(self):
        geometry = self.cleaned_data.get("geometry")
        if geometry is None:
            raise ValidationError(_("Place the feedback on the map."))
        if geometry.geom_type != "Point":
            raise ValidationError(_("Feedback is placed at a point."))
        service = self.cleaned_data.get("service")
        try:
            # The services' rule: in Helsinki, and on land unless the service allows water.
            return feedback_place(service=service, point=geometry) if service else feedback_point_check(geometry)
        except GeometryError as exc:
            raise ValidationError(str(exc)) from None


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(LeafletGeoAdmin):
    """Staff see the exact point and the contacts. A saved request is read-only
    here: routing is the service's, and handling goes through the API's status
    action, which enforces open → in progress → closed with a public answer."""

    list_display = ("pk", "service", "status", "sector", "luotsi", "requested_at", "is_demo")
    list_filter = ("status", "sector", "service", "is_demo")
    search_fields = ("description",)
    shown = (
        "status", "status_notes", "service", "description", "geometry", "sector", "routing_rule", "luotsi",
        "routed_at", "media_url", "photo_link", "is_public", "author", "address_string", "email", "first_name",
        "last_name", "requested_at", "updated_at",
    )  # fmt: skip

    @admin.display(description=_("photo"))
    def photo_link(self, obj):
        photo = request_photo(obj)
        if photo is None:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("feedback:photo", kwargs={"key": photo.key}), photo)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = FeedbackRequestForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return FeedbackRequestForm.Meta.fields if obj is None else self.shown

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.shown

    def save_model(self, request, obj, form, change):
        if change:
            return
        with transaction.atomic():
            obj.author = None
            obj.save()
            feedback_route(ids=[obj.pk])
