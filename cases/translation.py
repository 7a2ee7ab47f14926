"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Case


@register(Case)
class CaseTranslation(TranslationOptions):
    fields = ("title",)
