from django.contrib.gis import admin
from modeltranslation.admin import TranslationAdmin

from .admin_geometry import LeafletGeoAdmin
from .located import located_refresh_areas
from .models import Address, Area, DivisionType


@admin.register(DivisionType)
class DivisionTypeAdmin(TranslationAdmin):
    list_display = ("slug", "name", "parent", "is_official", "level")
    prepopulated_fields = {"slug": ("name_fi",)}


@admin.register(Area)
class AreaAdmin(TranslationAdmin, LeafletGeoAdmin):
    list_display = ("name", "division", "code", "parent", "population", "is_approximate", "valid_from", "valid_to")
    list_filter = ("division", "is_approximate")
    search_fields = ("name_fi", "name_sv", "name_en", "code", "full_code")
    raw_id_fields = ("parent",)
    readonly_fields = ("created_at", "modified_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "geometry" in form.changed_data:
            # Cases, spaces and other located content: which of them lie in the area now.
            located_refresh_areas(areas=[obj])


@admin.register(Address)
class AddressAdmin(LeafletGeoAdmin):
    list_display = ("street_fi", "number", "street_sv", "postal_code", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("street_fi", "street_sv", "number")
