"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import InitiativeCategory


@register(InitiativeCategory)
class InitiativeCategoryTranslation(TranslationOptions):
    fields = ("name",)
