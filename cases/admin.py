from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import LeafletGeoAdmin, LeafletGeoAdminMixin
from areas.geometry import GeometryError, clean_located

from .models import Case, CaseLocation
from .services import case_geometry_sync


class CaseLocationForm(forms.ModelForm):
    class Meta:
        model = CaseLocation
        fields = ("case", "geometry", "description")

    def clean_geometry(self):
        geometry = self.cleaned_data.get("geometry")
        if geometry is None:
            return geometry
        try:
            return clean_located(geometry).geometry
        except GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None


class CaseLocationInline(LeafletGeoAdminMixin, admin.StackedInline):
    """A planner draws or corrects a location on the map; what they touch becomes `drawn`."""

    model = CaseLocation
    form = CaseLocationForm
    extra = 0
    fields = ("geometry", "description", "source", "precision", "matched_text")
    readonly_fields = ("source", "precision", "matched_text")

    def get_extra(self, request, obj=None, **kwargs):
        # An unlocated case opens with a map to place it on: a form added later by
        # "Add another" gets no map, since django-leaflet draws maps only when the page loads.
        return 1 if obj is not None and not obj.locations.exists() else 0


class LocatedListFilter(admin.SimpleListFilter):
    title = _("located")
    parameter_name = "located"

    def lookups(self, request, model_admin):
        return (("yes", _("located")), ("no", _("unlocated: needs a planner")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.located(self.value() == "yes")
        return queryset


@admin.register(Case)
class CaseAdmin(TranslationAdmin):
    list_display = ("case_id", "title", "status", "sector", "created", "is_located", "is_demo")
    list_filter = (LocatedListFilter, "status", "sector", "is_demo")
    search_fields = ("case_id", "title_fi", "title_sv", "classification_code", "classification_title")
    readonly_fields = ("parent", "imported_at", "modified_at", "ahjo_link")  # parent: set by the import from the id
    exclude = ("geometry",)
    inlines = (CaseLocationInline,)
    date_hierarchy = "created"

    def get_urls(self):
        from django.urls import path

        from .unlocated_queue import unlocated_queue_view

        view = self.admin_site.admin_view(lambda request: unlocated_queue_view(self, request))
        return [path("unlocated/", view, name="cases_case_unlocated"), *super().get_urls()]

    @admin.display(description=_("link to Ahjo"))
    def ahjo_link(self, obj):
        # A case being added has no id yet, hence no link.
        return obj.ahjo_url if obj.pk else "-"

    @admin.display(boolean=True, description=_("located"))
    def is_located(self, obj):
        return obj.geometry is not None

    def save_formset(self, request, form, formset, change):
        if formset.model is CaseLocation:
            for inline_form in formset.forms:
                if inline_form.has_changed() and "geometry" in inline_form.changed_data:
                    inline_form.instance.source = CaseLocation.Source.DRAWN
                    inline_form.instance.precision = CaseLocation.Precision.EXACT
                    inline_form.instance.matched_text = ""
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case_geometry_sync(case_ids=[form.instance.pk])


@admin.register(CaseLocation)
class CaseLocationAdmin(LeafletGeoAdmin):
    """All locations on one list, e.g. to review what the geolocator placed."""

    form = CaseLocationForm
    list_display = ("case", "source", "precision", "matched_text")
    list_filter = ("source", "precision")
    search_fields = ("case__case_id", "matched_text")
    raw_id_fields = ("case",)
    fields = ("case", "geometry", "description", "source", "precision", "matched_text")
    readonly_fields = ("source", "precision", "matched_text")

    def save_model(self, request, obj, form, change):
        if "geometry" in form.changed_data:
            obj.source, obj.precision, obj.matched_text = CaseLocation.Source.DRAWN, CaseLocation.Precision.EXACT, ""
        super().save_model(request, obj, form, change)
        case_geometry_sync(case_ids=[obj.case_id])

    def delete_model(self, request, obj):
        case_id = obj.case_id
        super().delete_model(request, obj)
        case_geometry_sync(case_ids=[case_id])

    def delete_queryset(self, request, queryset):
        case_ids = list(queryset.values_list("case_id", flat=True))
        super().delete_queryset(request, queryset)
        case_geometry_sync(case_ids=case_ids)
