"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Space


@register(Space)
class SpaceTranslation(TranslationOptions):
    fields = ("name", "description", "street_address", "www", "accessibility", "price_info", "opening_hours_text")
