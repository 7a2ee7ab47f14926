"""{% load numbers %}: {{ cost|euros }}, {{ turnout|percent }}, {{ count|number }} in the page's language (map_ui.numbers)."""

from django import template

from map_ui import numbers

register = template.Library()


@register.filter
def euros(amount):
    return "" if amount is None else numbers.euros(amount)


@register.filter
def percent(fraction):
    return numbers.percent(fraction)


@register.filter
def number(value):
    """A count grouped by thousands: {{ population|number }}."""
    return "" if value is None else numbers.number(value)
