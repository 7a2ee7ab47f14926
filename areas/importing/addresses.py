"""Reading address registers: Helsinki's address list as CSV, the service map's
address JSON, or GeoJSON points.

- CSV (`;` or `,`): columns found in any letter case — street `katunimi`
  (or `street_fi`), Swedish street `gatan` (`street_sv`), number
  `osoitenumero` (`number`) with `osoitenumero2` and `osoitekirjain`,
  `postinumero`, and coordinates `e`/`n` (EPSG:3879 unless `--srid`) or
  `lon`/`lat` (EPSG:4326).
- Service map v2 address JSON: a `{"results": [...]}` page or a list of
  `{"street": {"name": {"fi", "sv"}}, "number", "number_end", "letter",
  "location": {"type": "Point", "coordinates": [lon, lat]}}`.
- GeoJSON: point features with the CSV's attribute names, in CRS84/4326 unless
  the file's `crs` names another allowed CRS.

The reader checks every row and raises ImportFileError naming the row; it
writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from areas.boundary import helsinki_boundary
from areas.geometry import GeometryError, geojson_crs, point_from_coordinates
from geo_osallisuus import parsers

from .readers import ImportFileError

COLUMNS = {
    "street_fi": ("katunimi", "street_fi", "street", "kadunnimi"),
    "street_sv": ("gatan", "katunimi_sv", "street_sv", "gatunamn"),
    "number": ("osoitenumero", "number", "numero"),
    "number_end": ("osoitenumero2", "number_end"),
    "letter": ("osoitekirjain", "letter", "kirjain"),
    "postal_code": ("postinumero", "postal_code", "zip"),
    "x": ("e", "x", "easting", "lon", "longitude"),
    "y": ("n", "y", "northing", "lat", "latitude"),
}
MAX_FILE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class AddressRow:
    street_fi: str
    street_sv: str
    number: str
    postal_code: str
    point: Point  # in settings.PROJECTION_SRID


def house_number(number, number_end=None, letter=None) -> str:
    """"5", "5a", "12-14" from Helsinki's separate number, end number and letter."""
    text = str(number or "").strip()
    if isinstance(number, float) and number.is_integer():
        text = str(int(number))
    if number_end not in (None, "", 0):
        end = str(int(number_end)) if isinstance(number_end, float) and number_end.is_integer() else str(number_end)
        text = f"{text}-{end.strip()}"
    if letter:
        text += str(letter).strip().lower()
    return text


def read_address_file(path: str | Path, *, srid: int | None = None) -> tuple[list[AddressRow], int]:
    """The rows of an address file and how many were skipped as lying outside Helsinki."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(_("The file is larger than {mb} MB.").format(mb=MAX_FILE_BYTES >> 20))
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
    if path.suffix.lower() == ".csv":
        records, default_srid = _csv_records(raw)
    elif path.suffix.lower() in (".json", ".geojson"):
        records, default_srid = _json_records(raw)
    else:
        raise ImportFileError(
            _("Unknown address file type {suffix!r}: use .csv, .json or .geojson.").format(suffix=path.suffix)
        )
    return _rows(records, srid or default_srid)


MSG_CSV_NUL = _lazy("The CSV file contains NUL characters: is it a text file?")


def _pick(record: dict, target: str):
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for name in COLUMNS[target]:
        if name in lowered and lowered[name] not in (None, ""):
            return lowered[name]
    return None


def _csv_records(raw: bytes) -> tuple[list[dict], int]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not UTF-8 text.")) from None
    if "\x00" in text:
        raise ImportFileError(MSG_CSV_NUL)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {h.strip().lower() for h in (reader.fieldnames or [])}
    missing = [t for t in ("street_fi", "number", "x", "y") if not headers & set(COLUMNS[t])]
    if missing:
        raise ImportFileError(
            _("The CSV file lacks the columns for {missing}; expected e.g. katunimi, osoitenumero, e, n.").format(
                missing=", ".join(missing)
            )
        )
    default = 4326 if headers & {"lon", "longitude"} else settings.IMPORT_DEFAULT_SRID
    return list(reader), default


def _json_records(raw: bytes) -> tuple[list[dict], int]:
    try:
        data = parsers.loads(raw)
    except parsers.JSONInputError as exc:
        raise ImportFileError(_("The file is not valid JSON: {error}").format(error=exc)) from None
    srid = 4326
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        try:
            srid = geojson_crs(data) or 4326
        except GeometryError as exc:
            raise ImportFileError(str(exc)) from None
        records = []
        for feature in data.get("features") or []:
            if not isinstance(feature, dict):
                raise ImportFileError(_("A feature is not a JSON object."))
            record = dict(feature.get("properties") or {})
            record["_location"] = feature.get("geometry")
            records.append(record)
        return records, srid
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportFileError(
            _('Expected a list of addresses, a {"results": [...]} page or a GeoJSON FeatureCollection.')
        )
    records = []
    for item in items:
        if not isinstance(item, dict):
            raise ImportFileError(_("An address is not a JSON object."))
        street = item.get("street") or {}
        names = street.get("name") if isinstance(street, dict) else None
        names = names if isinstance(names, dict) else {}
        records.append(
            {
                "street_fi": names.get("fi"),
                "street_sv": names.get("sv"),
                "number": item.get("number"),
                "number_end": item.get("number_end"),
                "letter": item.get("letter"),
                "postal_code": item.get("postal_code") or item.get("zip"),
                "_location": item.get("location"),
            }
        )
    return records, srid


def _rows(records: list[dict], srid: int) -> tuple[list[AddressRow], int]:
    rows, outside = [], 0
    city = helsinki_boundary()  # once: the file has tens of thousands of rows
    for n, record in enumerate(records, start=1):
        street_fi = " ".join(str(_pick(record, "street_fi") or "").split())
        number = house_number(_pick(record, "number"), _pick(record, "number_end"), _pick(record, "letter"))
        if not street_fi or not number:
            raise ImportFileError(_("Address {n} has no street name or no number.").format(n=n))
        location = record.get("_location")
        try:
            if location is not None:
                if not isinstance(location, dict) or location.get("type") != "Point":
                    raise ValueError
                x, y = (float(c) for c in location["coordinates"][:2])
            else:
                x = float(str(_pick(record, "x")).replace(",", "."))
                y = float(str(_pick(record, "y")).replace(",", "."))
            if not (math.isfinite(x) and math.isfinite(y)):
                raise ValueError
        except (TypeError, ValueError, KeyError):
            raise ImportFileError(
                _("Address {n} ({street} {number}) has no usable point coordinates.").format(
                    n=n, street=street_fi, number=number
                )
            ) from None
        try:
            point = point_from_coordinates(x, y, srid)
        except GeometryError as exc:
            raise ImportFileError(
                _("Address {n} ({street} {number}): {error}").format(n=n, street=street_fi, number=number, error=exc)
            ) from None
        if not city.covers(point):
            outside += 1
            continue
        rows.append(
            AddressRow(
                street_fi=street_fi[:100],
                street_sv=" ".join(str(_pick(record, "street_sv") or "").split())[:100],
                number=number[:20],
                postal_code=str(_pick(record, "postal_code") or "")[:5],
                point=point,
            )
        )
    if not rows and not outside:
        raise ImportFileError(_("The file has no addresses."))
    return rows, outside
