"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import ResidentArea


@register(ResidentArea)
class ResidentAreaTranslation(TranslationOptions):
    fields = ("name",)
