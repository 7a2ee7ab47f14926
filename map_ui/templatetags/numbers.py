"""{% load numbers %}: {{ cost|euros }}, {{ turnout|percent }} in the page's language (map_ui.numbers)."""

from django import template

from map_ui import numbers

register = template.Library()


@register.filter
def euros(amount):
    return "" if amount is None else numbers.euros(amount)


@register.filter
def percent(fraction):
    return numbers.percent(fraction)
