"""Reading units from the service map's API (palvelukartta, v2 `unit`).

`/v2/unit/` answers a page `{"count", "next", "results": [...]}`; `/v2/unit/{id}/`
one unit. A unit has `id`, `name` {fi, sv, en}, `location` (a GeoJSON point in
EPSG:4326), `street_address` {fi, sv, en}, `address_zip`, `municipality`,
`phone`, `email`, `www` {fi, sv, en}, `description` {fi, sv, en} and
`connections`, whose OPENING_HOURS entries give opening hours as text.

`read_units` turns them into Space field values for spaces.services.spaces_import,
or raises UnitFileError naming the unit.
"""

from __future__ import annotations

import math
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from areas.geometry import GeometryError, is_within_helsinki, point_from_coordinates
from geo_osallisuus import parsers

from .models import Space

ORIGIN_PREFIX = "servicemap:"
# Words in a unit's Finnish name -> the kind of space, first match wins.
KIND_WORDS = (
    ("kirjasto", Space.Kind.LIBRARY),
    ("nuorisotalo", Space.Kind.YOUTH_CENTRE),
    ("nuorisotila", Space.Kind.YOUTH_CENTRE),
    ("leikkipuisto", Space.Kind.PLAYGROUND),
    ("koulu", Space.Kind.SCHOOL),
    ("lukio", Space.Kind.SCHOOL),
    ("kulttuurikeskus", Space.Kind.CULTURE_CENTRE),
    ("monitoimitalo", Space.Kind.MULTIPURPOSE_HOUSE),
    ("asukastalo", Space.Kind.RESIDENT_HOUSE),
    ("asukastila", Space.Kind.RESIDENT_HOUSE),
    ("liikuntahalli", Space.Kind.SPORTS),
    ("urheilu", Space.Kind.SPORTS),
    ("uimahalli", Space.Kind.SPORTS),
)
LANGUAGES = ("fi", "sv", "en")


class UnitFileError(ValueError):
    """A file or unit that cannot be read; str() is for people."""


def guess_kind(name_fi: str) -> str:
    lowered = name_fi.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind
    return Space.Kind.OTHER


def read_unit_file(path: str | Path) -> list:
    path = Path(path)
    try:
        return parsers.loads(path.read_bytes())
    except FileNotFoundError:
        raise UnitFileError(_("{path}: no such file.").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnitFileError(_("{path}: cannot be read ({error}).").format(path=path, error=exc)) from None
    except parsers.JSONInputError as exc:
        raise UnitFileError(_("{path}: not valid JSON: {error}").format(path=path, error=exc)) from None


def read_units(data, *, kind: str | None = None) -> tuple[list[dict], list[str], list[str]]:
    """Space field values of each unit; notes on the units skipped; notes on values left out."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        units = data["results"]
    elif isinstance(data, dict) and "id" in data:
        units = [data]
    elif isinstance(data, list):
        units = data
    else:
        raise UnitFileError(_('Expected service map units: a {"results": [...]} page, a list or one unit.'))
    items, skipped, warnings = [], [], []
    for n, unit in enumerate(units, start=1):
        item = _unit(unit, n, kind, skipped, warnings)
        if item is not None:
            items.append(item)
    return items, skipped, warnings


def _translated(value, key: str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"fi": value.strip()}
    if isinstance(value, dict):
        return {lang: str(value[lang]).strip() for lang in LANGUAGES if value.get(lang)}
    raise UnitFileError(_("{where}: {key} must be text or {{fi, sv, en}}.").format(where=where, key=key))


def _unit(unit, n: int, kind: str | None, skipped: list[str], warnings: list[str]) -> dict | None:
    if not isinstance(unit, dict):
        raise UnitFileError(_("Unit {n} is not a JSON object.").format(n=n))
    unit_id = unit.get("id")
    if isinstance(unit_id, bool) or not isinstance(unit_id, int) or unit_id <= 0:
        raise UnitFileError(_("Unit {n} has no numeric id: {value!r}.").format(n=n, value=unit_id))
    where = _("Unit {id}").format(id=unit_id)
    names = _translated(unit.get("name"), "name", where)
    if not names:
        raise UnitFileError(_("{where} has no name.").format(where=where))
    location = unit.get("location")
    if location is None:
        skipped.append(_("{where} ({name}) has no location: skipped.").format(where=where, name=names.get("fi", "")))
        return None
    try:
        if not isinstance(location, dict) or location.get("type") != "Point":
            raise ValueError
        lon, lat = (float(c) for c in location["coordinates"][:2])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError
        point = point_from_coordinates(lon, lat, 4326)
    except (ValueError, TypeError, KeyError, GeometryError):
        raise UnitFileError(_("{where}: location must be a GeoJSON point in EPSG:4326.").format(where=where)) from None
    if not is_within_helsinki(point):
        skipped.append(_("{where} ({name}) lies outside Helsinki: skipped.").format(where=where, name=names.get("fi", "")))
        return None
    addresses = _translated(unit.get("street_address"), "street_address", where)
    www = _translated(unit.get("www"), "www", where)
    descriptions = _translated(unit.get("description"), "description", where)
    hours: dict[str, list[str]] = {}
    for connection in unit.get("connections") or []:
        if isinstance(connection, dict) and connection.get("section_type") == "OPENING_HOURS":
            for lang, text in _translated(connection.get("name"), "connections", where).items():
                hours.setdefault(lang, []).append(text)
    email = str(unit.get("email") or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            warnings.append(_("{where}: e-mail {email!r} is not valid and was left out.").format(where=where, email=email))
            email = ""
    for lang, url in list(www.items()):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            warnings.append(_("{where}: web page {url!r} is not valid and was left out.").format(where=where, url=url))
            del www[lang]
    municipality = unit.get("municipality")
    if isinstance(municipality, dict):
        municipality = (municipality.get("name") or {}).get("fi") or municipality.get("id")
    item = {
        "origin_id": f"{ORIGIN_PREFIX}{unit_id}",
        "kind": kind or guess_kind(names.get("fi") or next(iter(names.values()))),
        "point": point,
        "postal_code": str(unit.get("address_zip") or "")[:5],
        "municipality": str(municipality or "Helsinki").title()[:50],
        "phone": str(unit.get("phone") or "")[:50],
        "email": email[:254],
    }
    for lang in LANGUAGES:
        item[f"name_{lang}"] = names.get(lang, "")[:200]
        item[f"street_address_{lang}"] = addresses.get(lang, "")[:200]
        item[f"www_{lang}"] = www.get(lang, "")[:500]
        item[f"description_{lang}"] = descriptions.get(lang, "")
        item[f"opening_hours_text_{lang}"] = "; ".join(hours.get(lang, []))[:500]
    item["name_fi"] = item["name_fi"] or next(iter(names.values()))[:200]
    return item
