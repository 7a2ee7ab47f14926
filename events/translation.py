"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import AreaEvent


@register(AreaEvent)
class AreaEventTranslation(TranslationOptions):
    fields = ("name", "description")
