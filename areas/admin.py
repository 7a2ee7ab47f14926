from django.contrib.gis import admin
from modeltranslation.admin import TranslationAdmin

from .models import Area, DivisionType


@admin.register(DivisionType)
class DivisionTypeAdmin(TranslationAdmin):
    list_display = ("slug", "name", "parent", "is_official", "level")
    prepopulated_fields = {"slug": ("name_fi",)}


@admin.register(Area)
class AreaAdmin(TranslationAdmin, admin.GISModelAdmin):
    list_display = ("name", "division", "code", "parent", "population", "is_approximate", "valid_from", "valid_to")
    list_filter = ("division", "is_approximate")
    search_fields = ("name_fi", "name_sv", "name_en", "code", "full_code")
    raw_id_fields = ("parent",)
    readonly_fields = ("created_at", "modified_at")
