from django.contrib.gis import admin
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import InHelsinkiAdminForm, LeafletGeoAdmin

from .models import ServiceTypeKind, Space
from .services import space_geometry_sync


class SpaceForm(InHelsinkiAdminForm):
    helsinki_fields = ("point", "footprint")


@admin.register(Space)
class SpaceAdmin(TranslationAdmin, LeafletGeoAdmin):
    form = SpaceForm
    list_display = ("name", "kind", "street_address", "is_free", "self_service", "capacity", "is_demo")
    list_filter = ("kind", "is_free", "self_service", "wheelchair_accessible", "is_demo")
    search_fields = ("name_fi", "name_sv", "name_en", "street_address_fi", "origin_id")
    exclude = ("geometry",)
    readonly_fields = ("origin_id", "source", "created_at", "modified_at")

    def save_model(self, request, obj, form, change):
        # A kind a person chose (or confirmed on a new space) outlives re-imports;
        # unticking "kind set by hand" hands it back to the importer.
        if "kind" in form.changed_data or not change:
            obj.kind_set_by_hand = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The located geometry (footprint or point) and the area index follow the edit.
        space_geometry_sync(space_ids=[form.instance.pk])

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)  # the area index rows go with them (generic relation)


@admin.register(ServiceTypeKind)
class ServiceTypeKindAdmin(admin.ModelAdmin):
    list_display = ("service_type", "label", "kind")
    list_editable = ("kind",)
    search_fields = ("label",)
