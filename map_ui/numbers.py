"""Amounts of money and percentages as a person reading the page's language writes them.

Finnish and Swedish group thousands with a narrow no-break space and write a
decimal comma, with the unit after a no-break space: 300 000 €, 0,04 %. English
writes €300,000 and 0.04%. The decimal separator comes from Django's locale
formats; the group separator is set here because Django's fi and sv formats
use the wider no-break space.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
GROUP_SEPARATOR = {"fi": NARROW_NBSP, "sv": NARROW_NBSP}


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def number(value: int | Decimal | float, *, decimal_pos: int | None = None) -> str:
    """`value` grouped by thousands, with the active language's separators,
    rounded half up to `decimal_pos` places (Django's numberformat would cut)."""
    if decimal_pos is not None:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimal_pos,
        grouping=3,
        thousand_sep=GROUP_SEPARATOR.get(_language(), get_format("THOUSAND_SEPARATOR")),
        force_grouping=True,
    )


def euros(amount: int | Decimal) -> str:
    """A sum of money in euros: whole euros without decimals, cents with two."""
    amount = Decimal(amount)
    text = number(amount, decimal_pos=0 if amount == amount.to_integral_value() else 2)
    return f"€{text}" if _language() == "en" else f"{text}{NBSP}€"


def percent(fraction: Decimal | str | float | None, *, decimal_pos: int = 2) -> str:
    """A fraction (0.0004) as a percentage (0,04 %); '' for None or ''."""
    if fraction is None or fraction == "":
        return ""
    text = number(Decimal(str(fraction)) * 100, decimal_pos=decimal_pos)
    return f"{text}%" if _language() == "en" else f"{text}{NBSP}%"


def distance(metres: float) -> str:
    """A distance as a person reads it: whole metres under a kilometre, else
    kilometres with one decimal, none for whole ones (850 m, 1,2 km, 3 km; in
    English 1.2 km). Rounded first, so 999.6 m is 1 km, not 1 000 m."""
    whole_metres = int(Decimal(str(metres)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if whole_metres < 1000:
        return f"{number(whole_metres)}{NBSP}m"
    kilometres = (Decimal(whole_metres) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = 0 if kilometres == kilometres.to_integral_value() else 1
    return f"{number(kilometres, decimal_pos=places)}{NBSP}km"
