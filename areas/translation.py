"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Area, DivisionType


@register(DivisionType)
class DivisionTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name",)

