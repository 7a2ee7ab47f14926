"""Reading proposals exported from OmaStadi (Decidim) as CSV or JSON.

Decidim's exports name translated values by path: a CSV has columns like
`title/fi`, `body/fi`, `scope/name/fi`; its JSON nests them (`{"title": {"fi":
...}}`). Both are read through one flattened view ("title/fi"), and each value
is looked up by the names below, first found wins. The point is `latitude` +
`longitude`, or a WKT `POINT(lon lat)` in EPSG:4326. Bodies are HTML in Decidim:
the tags go, the text stays.

`read_omastadi` turns a file into `DecidimProposal`s for
budgeting.services.omastadi_proposals_import, or raises OmaStadiFileError
naming the row.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from geo_osallisuus import parsers

NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title/fi", "title", "title/sv", "title/en"),
    "body": ("body/fi", "body", "body/sv", "body/en", "description/fi", "description"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
    "point": ("coordinates", "location", "point", "geometry", "wkt"),
    "area": ("scope/name/fi", "scope/name", "scope", "area", "area_scope", "scope/name/sv"),
    "state": ("state", "status"),
    "budget": ("budget_amount", "budget", "estimated_cost", "cost"),
}
_POINT = re.compile(r"^\s*(?:SRID=4326;)?\s*POINT\s*\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)
_MONEY_NOISE = re.compile(r"[\s\u00a0\u202f€]|eur", re.IGNORECASE)


class OmaStadiFileError(ValueError):
    """A file or proposal that cannot be read; str() is for people."""


@dataclass(frozen=True)
class DecidimProposal:
    decidim_id: str
    title: str
    body: str
    lonlat: tuple[float, float] | None  # EPSG:4326
    area_label: str
    state: str
    budget: int | None
    row: int  # 1-based position in the file, for messages


def read_omastadi(data: bytes, *, filename: str = "") -> list[DecidimProposal]:
    """The proposals of an OmaStadi export (JSON when the name or the first character says so, else CSV)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OmaStadiFileError(_("The file is not UTF-8; save it as UTF-8 first.")) from None
    if filename.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{"):
        records = _json_records(data)
    else:
        records = _csv_records(text)
    if not records:
        raise OmaStadiFileError(_("The file has no proposals."))
    proposals, seen = [], set()
    for row, record in enumerate(records, start=1):
        proposal = _proposal(record, row)
        if proposal.decidim_id in seen:
            raise OmaStadiFileError(
                _("Row {row}: proposal {id} appears twice in the file.").format(row=row, id=proposal.decidim_id)
            )
        seen.add(proposal.decidim_id)
        proposals.append(proposal)
    return proposals


def _json_records(data: bytes) -> list[dict]:
    try:
        parsed = parsers.loads(data)
    except parsers.JSONInputError as exc:
        raise OmaStadiFileError(_("The file is not valid JSON: {error}").format(error=exc)) from None
    if isinstance(parsed, dict):
        parsed = next((parsed[k] for k in ("proposals", "data", "results") if isinstance(parsed.get(k), list)), None)
    if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
        raise OmaStadiFileError(_('Expected a list of proposals, or {"proposals": [...]}.'))
    return [_flatten(item) for item in parsed]


def _flatten(value: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, item in value.items():
        path = f"{prefix}{str(key).strip().lower()}"
        if isinstance(item, dict):
            flat.update(_flatten(item, path + "/"))
        else:
            flat[path] = item
    return flat


def _csv_records(text: str) -> list[dict]:
    # The header line decides: csv.Sniffer guesses wrong on rows like "15 000 €".
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{str(k).strip().lower(): v for k, v in record.items() if k is not None} for record in reader]


def _pick(record: dict, target: str) -> str:
    for name in NAMES[target]:
        value = record.get(name)
        if value not in (None, ""):
            return " ".join(str(value).split()) if target != "body" else str(value).strip()
    return ""


def _proposal(record: dict, row: int) -> DecidimProposal:
    decidim_id = _pick(record, "id")
    if decidim_id.endswith(".0"):
        decidim_id = decidim_id[:-2]
    if not decidim_id:
        raise OmaStadiFileError(_("Row {row} has no id.").format(row=row))
    title = _pick(record, "title")
    if not title:
        raise OmaStadiFileError(_("Row {row} (proposal {id}) has no title.").format(row=row, id=decidim_id))
    body = html.unescape(strip_tags(_pick(record, "body").replace("</p>", "</p>\n"))).strip()
    return DecidimProposal(
        decidim_id=decidim_id,
        title=title,
        body=body,
        lonlat=_lonlat(record, row, decidim_id),
        area_label=_pick(record, "area"),
        state=_pick(record, "state").lower(),
        budget=_budget(_pick(record, "budget"), row, decidim_id),
        row=row,
    )


def _lonlat(record: dict, row: int, decidim_id: str) -> tuple[float, float] | None:
    where = _("Row {row} (proposal {id})").format(row=row, id=decidim_id)
    lat, lon, point = _pick(record, "latitude"), _pick(record, "longitude"), _pick(record, "point")
    try:
        if lat or lon:
            values = (float(lon.replace(",", ".")), float(lat.replace(",", ".")))
        elif point:
            match = _POINT.match(point)
            if not match:
                raise ValueError
            values = (float(match[1]), float(match[2]))
        else:
            return None
    except ValueError:
        raise OmaStadiFileError(
            _("{where}: the coordinates must be latitude and longitude or POINT(lon lat).").format(where=where)
        ) from None
    if not all(math.isfinite(v) for v in values) or not (abs(values[0]) <= 180 and abs(values[1]) <= 90):
        raise OmaStadiFileError(_("{where}: the coordinates are not degrees of EPSG:4326.").format(where=where))
    if values == (0.0, 0.0):
        return None  # Decidim writes 0,0 for a proposal without an address
    return values


def _budget(text: str, row: int, decidim_id: str) -> int | None:
    if not text:
        return None
    try:
        amount = float(_MONEY_NOISE.sub("", text).replace(",", "."))
        if not math.isfinite(amount) or amount < 0:
            raise ValueError
    except ValueError:
        raise OmaStadiFileError(
            _("Row {row} (proposal {id}): the budget {value!r} is not an amount of euros.").format(
                row=row, id=decidim_id, value=text
            )
        ) from None
    return round(amount)
