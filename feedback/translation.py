"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import Sector, Service


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("service_name", "description", "group")
