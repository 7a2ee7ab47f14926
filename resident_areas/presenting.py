"""A resident area's overlap analysis as a reader sees it: numbers in the page's
language (map_ui.numbers) and what lies inside by name. Used by the resident
area's own page and by the section on the area page of an approved one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from map_ui import numbers

from .models import ResidentArea
from .selectors import contents_described, resident_area_overlap

MSG_WITHHELD = _("not shown (too few in an area this small)")


def square_metres(value: float) -> str:
    return f"{numbers.number(value, decimal_pos=0)}{numbers.NBSP}m²"


def overlap_presented(*, resident_area: ResidentArea) -> dict:
    overlap = resident_area_overlap(resident_area=resident_area)
    return {
        "surface": square_metres(overlap["surface_m2"]),
        "population_estimate": (
            None if overlap["population_estimate"] is None else numbers.number(overlap["population_estimate"])
        ),
        "divisions": [
            {
                "name": division["name"],
                "covered": numbers.percent(division["covered_share"], decimal_pos=1),
                "areas": [
                    {
                        "name": area["name"],
                        "code": area["code"],
                        "overlap": square_metres(area["overlap_m2"]),
                        "share": numbers.percent(area["share"], decimal_pos=1),
                        "share_of_official_area": numbers.percent(area["share_of_official_area"], decimal_pos=1),
                    }
                    for area in division["areas"]
                ],
            }
            for division in overlap["divisions"]
        ],
        "contents": [
            {**entry, "total": _count(entry["total"]), "within": _count(entry["within"])}
            for entry in contents_described(overlap["contents"])
        ],
    }


def _count(value: int | None) -> str:
    """A count, or words where it is withheld (a small count in a small area could point at a household)."""
    return str(MSG_WITHHELD) if value is None else numbers.number(value)
