from django.contrib.gis import admin
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import InHelsinkiAdminForm, LeafletGeoAdmin

from .models import AreaEvent
from .services import event_geometry_sync


class AreaEventForm(InHelsinkiAdminForm):
    helsinki_fields = ("location",)


@admin.register(AreaEvent)
class AreaEventAdmin(TranslationAdmin, LeafletGeoAdmin):
    form = AreaEventForm
    list_display = ("name", "start_time", "end_time", "status", "space", "area", "source", "is_demo")
    list_filter = ("status", "is_online", "source", "is_demo")
    search_fields = ("name_fi", "name_sv", "name_en", "source_id", "organiser_name")
    date_hierarchy = "start_time"
    autocomplete_fields = ("space", "area")
    exclude = ("geometry",)
    readonly_fields = ("source", "source_id", "published_by", "created_at", "modified_at")

    def save_model(self, request, obj, form, change):
        if not change and obj.published_by_id is None:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The located geometry (location or the space's point) and the area index follow the edit.
        event_geometry_sync(event_ids=[form.instance.pk])
