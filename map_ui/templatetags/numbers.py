"""{% load numbers %}: {{ cost|euros }}, {{ turnout|percent }}, {{ count|number }} in the page's language (map_ui.numbers)."""

from decimal import Decimal

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
def number(value, decimal_pos=None):
    """A count or a measure with the page's separators: {{ population|number }} 175 000, {{ rate|number:2 }} 1,25;
    '' for None. Accepts the decimal strings the selectors give (per_1000 "1.25")."""
    if value is None or value == "":
        return ""
    return numbers.number(Decimal(str(value)), decimal_pos=None if decimal_pos is None else int(decimal_pos))
