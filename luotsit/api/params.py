"""Query parameters of the luotsit API; each bad value is a ParseError with a message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ParseError

from areas.models import Area, DivisionType

from ..models import Role

MSG_POINT_OR_AREA = _(
    "Give one of a point (lat and lon, or x, y and srid), an area (area, or division and code) or an address."
)
MSG_ADDRESS_NOT_FOUND = _("The address {value!r} is not in the address register; give a point or an area instead.")
MSG_NOTHING_TO_LOOK_UP = _("Give a point (lat and lon, or x, y and srid) or an area (area, or division and code).")
MSG_AREA_ID = _("Parameter area must be an area id (a whole number), not {value!r}.")
MSG_DIVISION_AND_CODE = _("Give both division and code to name an area.")
MSG_AREA_AND_CODE = _("Name the area either by area or by division and code, not both.")
MSG_UNKNOWN_DIVISION = _("Unknown division {value!r}.")
MSG_AREA_NOT_FOUND = _("There is no such area.")
MSG_DIVISION_REQUIRED = _("Parameter division is required, e.g. division=osa-alue.")
MSG_BAD_ROLE = _("Parameter role must be one of {allowed}, not {value!r}.")
MSG_BAD_BOOLEAN = _("Parameter {name} must be true or false, not {value!r}.")
MSG_BAD_STATUS = _("Parameter status must be a comma-separated list of {allowed}, not {value!r}.")

POINT_KEYS = ("lat", "lon", "x", "y")
AREA_KEYS = ("area", "division", "code")


def has_point(query_params) -> bool:
    return any(key in query_params for key in POINT_KEYS)


def has_area(query_params) -> bool:
    return any(key in query_params for key in AREA_KEYS)


def division(query_params, *, required: bool = True) -> DivisionType | None:
    value = (query_params.get("division") or "").strip()
    if not value:
        if required:
            raise ParseError(MSG_DIVISION_REQUIRED)
        return None
    found = DivisionType.objects.filter(slug=value).first()
    if found is None:
        raise ParseError(MSG_UNKNOWN_DIVISION.format(value=value[:100]))
    return found


def area(query_params) -> Area:
    """The area named by `area` (id) or by `division` and `code`; NotFound when none is."""
    raw = query_params.get("area")
    if raw is not None:
        if "division" in query_params or "code" in query_params:
            raise ParseError(MSG_AREA_AND_CODE)
        if not raw.strip().isdigit():
            raise ParseError(MSG_AREA_ID.format(value=raw[:100]))
        found = Area.objects.select_related("division").filter(pk=int(raw)).first()
    else:
        if not query_params.get("division") or not query_params.get("code"):
            raise ParseError(MSG_DIVISION_AND_CODE)
        found = (
            Area.objects.select_related("division")
            .filter(division=division(query_params), code=query_params["code"].strip())
            .first()
        )
    if found is None:
        raise NotFound(MSG_AREA_NOT_FOUND)
    return found


def role(query_params, *, default: str = Role.STADILUOTSI) -> str:
    value = query_params.get("role")
    if value in (None, ""):
        return default
    if value not in Role.values:
        raise ParseError(MSG_BAD_ROLE.format(allowed=", ".join(Role.values), value=value[:100]))
    return value


def boolean(query_params, name: str, *, default: bool) -> bool:
    value = query_params.get(name)
    if value in (None, ""):
        return default
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ParseError(MSG_BAD_BOOLEAN.format(name=name, value=value[:100]))


def statuses(query_params, *, allowed: tuple[str, ...]) -> set[str] | None:
    value = query_params.get("status")
    if value in (None, ""):
        return None
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    if not wanted or not wanted <= set(allowed):
        raise ParseError(MSG_BAD_STATUS.format(allowed=", ".join(allowed), value=value[:100]))
    return wanted
