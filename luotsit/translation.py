"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Luotsi


@register(Luotsi)
class LuotsiTranslation(TranslationOptions):
    fields = ("title",)
