"""Translated fields (fi, sv, en) registered with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import BudgetRound


@register(BudgetRound)
class BudgetRoundTranslation(TranslationOptions):
    fields = ("name",)
