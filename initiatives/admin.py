from django import forms
from django.contrib.gis import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import LeafletGeoAdmin
from areas.geometry import GeometryError
from areas.located import located_refresh
from feedback.services import feedback_point_check

from .models import Initiative, InitiativeCategory


@admin.register(InitiativeCategory)
class InitiativeCategoryAdmin(TranslationAdmin):
    list_display = ("code", "name", "sector")


class InitiativeForm(forms.ModelForm):
    """An initiative received on paper or by the registry office, placed on the map if it concerns a place."""

    class Meta:
        model = Initiative
        fields = ("title", "text", "category", "youth", "state", "sector", "answer", "actions", "geometry")

    def clean_geometry(self):
        geometry = self.cleaned_data.get("geometry")
        if geometry is None:
            return None
        if geometry.geom_type != "Point":
            raise ValidationError(_("An initiative is placed at a point."))
        try:
            return feedback_point_check(geometry)
        except GeometryError as exc:
            raise ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == Initiative.State.ANSWERED and not (cleaned.get("answer") or "").strip():
            raise ValidationError(_("An answer needs its text."))
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(LeafletGeoAdmin):
    form = InitiativeForm
    list_display = ("title", "state", "category", "sector", "youth", "submitted_at", "answered_at")
    list_filter = ("state", "youth", "category", "sector")
    search_fields = ("title", "text")
    readonly_fields = ("submitted_at", "answered_at", "created_at", "modified_at")

    def save_model(self, request, obj, form, change):
        """Dates follow the state; the area index follows the place (written here, as the services do)."""
        with transaction.atomic():
            if not change:
                obj.author = request.user
            now = timezone.now()
            if obj.state not in (Initiative.State.DRAFT, Initiative.State.WITHDRAWN) and obj.submitted_at is None:
                obj.submitted_at = now
            if obj.state == Initiative.State.ANSWERED and obj.answered_at is None:
                obj.answered_at = now
            obj.save()
            located_refresh(model=Initiative, ids=[obj.pk])
