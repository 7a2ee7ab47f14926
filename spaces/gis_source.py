"""Reading spaces from what the city's GIS exports: any OGR source or a CSV with coordinates.

GeoJSON, GML, GeoPackage and zipped Shapefiles are opened by the divisions'
readers (areas.importing.readers: the CRS allowlist, zip and GML checks); a
CSV is read here, its point from lon/lat (or x/y, E/N) columns or a WKT
`POINT(...)`. A field mapping like the divisions' says which attribute holds
what; the preset for the service map's WFS layer `palvelukartta_julkinen`
knows its names (`ID`, `Name_fi`, `Address_fi`, `City_fi`, `ServiceTypeID`...),
that its addresses read "Street 7, 00700 Helsinki" and its links are HTML.

`read_gis_spaces` turns features into Space field values for
spaces.services.spaces_import: units of other municipalities (the WFS export is
the capital region's) and points outside Helsinki are skipped and counted.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import DataSource, GDALException
from django.contrib.gis.gdal.prototypes import ds as capi
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.utils.translation import gettext as _

from areas.geometry import GeometryError, is_within_helsinki, point_from_coordinates, to_projection
from areas.importing.readers import Feature, ImportFileError, SourceLayer, open_layer

from .models import ServiceTypeKind, Space
from .servicemap import LANGUAGES, guess_kind

WFS_PRESET = "palvelukartta_julkinen"
WFS_ORIGIN_PREFIX = "servicemap-wfs:"
# Target -> attribute names tried in order, compared case-insensitively.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "id": ("id", "tunnus"),
    "name_fi": ("name_fi", "nimi_fi", "name", "nimi"),
    "name_sv": ("name_sv", "nimi_sv", "nimi_se"),
    "name_en": ("name_en", "nimi_en"),
    "address_fi": ("address_fi", "street_address_fi", "katuosoite", "osoite", "address"),
    "address_sv": ("address_sv", "street_address_sv"),
    "address_en": ("address_en", "street_address_en"),
    "postal_code": ("postal_code", "address_zip", "postinumero"),
    "municipality": ("city_fi", "municipality", "kunta"),
    "service_type": ("servicetypeid", "service_type"),
    "kind": ("kind",),
    "phone": ("phone", "puhelin"),
    "email": ("email", "sahkoposti"),
    "www": ("link_fi", "www", "url"),
    "description_fi": ("description_fi", "kuvaus"),
    "description_sv": ("description_sv",),
    "description_en": ("description_en",),
}
TARGETS = tuple(CANDIDATES)
REQUIRED = ("id", "name_fi")
# The WFS layer's own names, which the preset requires.
WFS_FIELDS = {"id": "ID", "name_fi": "Name_fi", "municipality": "City_fi", "service_type": "ServiceTypeID"}
CSV_X = ("lon", "lng", "longitude", "x", "e", "e_gk25", "easting")
CSV_Y = ("lat", "latitude", "y", "n", "n_gk25", "northing")
CSV_WKT = ("wkt", "geometry", "geom", "sijainti")
HELSINKI_NAMES = {"helsinki", "helsingfors", "helsingin kaupunki", "helsingfors stad", "city of helsinki", "091"}
_ADDRESS = re.compile(r"^(?P<street>.*?),\s*(?P<zip>\d{5})\s+(?P<city>.+)$")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)


@dataclass
class GisRead:
    items: list[dict] = field(default_factory=list)
    other_municipality: int = 0
    outside_helsinki: int = 0
    without_location: int = 0
    notes: list[str] = field(default_factory=list)
    source_label: str = ""  # what kind of file it was, for Space.source

    @property
    def skipped(self) -> int:
        return self.other_municipality + self.outside_helsinki + self.without_location


def parse_field_options(options: list[str]) -> dict[str, str]:
    """["id=KOHDE_ID", "name_fi=NIMI"] -> {"id": "KOHDE_ID", "name_fi": "NIMI"}."""
    explicit: dict[str, str] = {}
    for option in options:
        target, sep, attribute = (part.strip() for part in option.partition("="))
        if not sep or not attribute:
            raise ImportFileError(_("A field mapping is written target=attribute, not {option!r}.").format(option=option))
        if target not in TARGETS:
            raise ImportFileError(
                _("Unknown mapping target {target!r}; use one of {targets}.").format(
                    target=target, targets=", ".join(TARGETS)
                )
            )
        explicit[target] = attribute
    return explicit


def resolve_fields(file_fields: list[str], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Target -> the file's attribute name; a missing required one stops the import."""
    by_lower = {name.lower(): name for name in file_fields}
    resolved: dict[str, str] = {}
    for target, candidates in CANDIDATES.items():
        wanted = (explicit or {}).get(target)
        if wanted is not None:
            if wanted.lower() not in by_lower:
                raise ImportFileError(
                    _("The file has no attribute {name!r} (mapped to {target}); it has {fields}.").format(
                        name=wanted, target=target, fields=", ".join(file_fields) or "-"
                    )
                )
            resolved[target] = by_lower[wanted.lower()]
            continue
        found = next((by_lower[c] for c in candidates if c in by_lower), None)
        if found is not None:
            resolved[target] = found
    missing = [t for t in REQUIRED if t not in resolved]
    if missing:
        raise ImportFileError(
            _("The file lacks the attribute for {targets}; it has {fields}. Map it with --field {example}=ATTRIBUTE.").format(
                targets=", ".join(missing), fields=", ".join(file_fields) or "-", example=missing[0]
            )
        )
    return resolved


def is_wfs_layer(layer: SourceLayer) -> bool:
    """Whether the layer is the service map's `palvelukartta_julkinen` (by name or by its attributes)."""
    return layer.name.lower() == WFS_PRESET or set(WFS_FIELDS.values()) <= set(layer.fields)


def open_source(path: str | Path, *, layer: str | None = None, srid: int | None = None) -> SourceLayer:
    """The file as a layer of features; a CSV is read here, everything else by the divisions' readers."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _open_csv(path, srid=srid)
    opened = open_layer(path, layer=layer, srid=srid)
    if path.suffix.lower() == ".gpkg":
        # A GeoPackage's text is UTF-8 by its specification; the readers stop at
        # the first undecodable byte in any column, even one nobody imports.
        opened.features = _gpkg_features(path, opened)
    return opened


def read_gis_file(
    path: str | Path,
    *,
    fields: dict[str, str] | None = None,
    layer: str | None = None,
    srid: int | None = None,
    origin_prefix: str | None = None,
    kind: str | None = None,
) -> GisRead:
    """A GIS file's spaces, for the command and upload pages alike: the WFS preset when the layer is
    palvelukartta_julkinen, else the names given in `fields` (target -> attribute) and the common ones."""
    source = open_source(path, layer=layer, srid=srid)
    wfs = is_wfs_layer(source)
    resolved = resolve_fields(source.fields, {**(WFS_FIELDS if wfs else {}), **(fields or {})})
    prefix = origin_prefix or (WFS_ORIGIN_PREFIX if wfs else f"gis:{source.name}:")
    read = read_gis_spaces(source, fields=resolved, origin_prefix=prefix, wfs=wfs, kind=kind)
    read.source_label = "service map WFS" if wfs else "GIS file"  # stored in Space.source, not for translation
    return read


def read_gis_spaces(
    source: SourceLayer,
    *,
    fields: dict[str, str],
    origin_prefix: str,
    wfs: bool,
    kind: str | None = None,
) -> GisRead:
    """Space field values of each feature, with counts of those skipped and why."""
    kinds = dict(ServiceTypeKind.objects.values_list("service_type", "kind"))
    read = GisRead()
    seen: set[str] = set()
    for feature in source.features:
        props = {target: _text(feature.properties.get(name)) for target, name in fields.items()}
        where = _("Feature {n}").format(n=feature.number)
        if not props.get("id") or not props.get("name_fi"):
            raise ImportFileError(_("{where} has no id or no Finnish name.").format(where=where))
        origin_id = f"{origin_prefix}{props['id']}"
        if origin_id in seen:
            raise ImportFileError(_("{where}: id {id} appears twice in the file.").format(where=where, id=props["id"]))
        seen.add(origin_id)
        label = f"{where} ({props['name_fi']})"
        municipality = props.get("municipality", "")
        # Municipality codes are three digits ("091"), often stored as a number (91).
        municipality = municipality.zfill(3) if municipality.isdigit() else municipality
        if municipality and municipality.lower() not in HELSINKI_NAMES:
            read.other_municipality += 1
            read.notes.append(_("{label} is in {city}: skipped.").format(label=label, city=municipality))
            continue
        try:
            point, footprint = _place(feature.geometry, source.srid)
        except GeometryError as exc:
            raise ImportFileError(_("{where}: {error}").format(where=where, error=exc)) from None
        if point is None:
            read.without_location += 1
            read.notes.append(_("{label} has no location: skipped.").format(label=label))
            continue
        if not is_within_helsinki(point):
            read.outside_helsinki += 1
            read.notes.append(_("{label} lies outside Helsinki: skipped.").format(label=label))
            continue
        read.items.append(_item(props, origin_id, point, footprint, kind=kind, kinds=kinds, wfs=wfs))
    if read.other_municipality:
        read.notes.append(_("{n} units of other municipalities skipped.").format(n=read.other_municipality))
    return read


def _item(props: dict, origin_id: str, point, footprint, *, kind: str | None, kinds: dict, wfs: bool) -> dict:
    postal_code = props.get("postal_code", "")
    addresses = {lang: props.get(f"address_{lang}", "") for lang in LANGUAGES}
    if wfs:
        # "Tyynelänkuja 7, 00700 Helsinki": the street, then the postal code and city.
        for lang, text in addresses.items():
            match = _ADDRESS.match(text)
            if match:
                addresses[lang] = match["street"].strip()
                postal_code = postal_code or match["zip"]
    www = props.get("www", "")
    href = _HREF.search(www)
    www = href.group(1) if href else www
    item = {
        "origin_id": origin_id[:100],
        "kind": _kind(props, kind=kind, kinds=kinds),
        "point": point,
        "footprint": footprint,
        "postal_code": postal_code[:5],
        "municipality": "Helsinki",
        "phone": props.get("phone", "")[:50],
        "email": props.get("email", "")[:254],
        "www_fi": www[:500] if www.startswith(("http://", "https://")) else "",
    }
    for lang in LANGUAGES:
        item[f"name_{lang}"] = props.get(f"name_{lang}", "")[:200]
        item[f"street_address_{lang}"] = addresses[lang][:200]
        item[f"description_{lang}"] = props.get(f"description_{lang}", "")
    return item


def _kind(props: dict, *, kind: str | None, kinds: dict) -> str:
    """The kind asked for, else the service type's (ServiceTypeKind), else the file's, else from the name."""
    if kind:
        return kind
    service_type = props.get("service_type", "")
    if service_type.isdigit() and int(service_type) in kinds:
        return kinds[int(service_type)]
    if props.get("kind") in Space.Kind.values:
        return props["kind"]
    return guess_kind(props["name_fi"])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _place(geometry: GEOSGeometry | None, srid: int) -> tuple[Point | None, MultiPolygon | None]:
    """The entrance point and, for an area, the footprint, in PROJECTION_SRID."""
    if geometry is None or geometry.empty:
        return None, None
    if geometry.srid is None:
        geometry.srid = srid
    geometry = to_projection(geometry)
    if geometry.geom_type == "Point":
        return geometry, None
    if geometry.geom_type == "MultiPoint" and len(geometry) == 1:
        return geometry[0], None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        footprint = MultiPolygon(geometry) if geometry.geom_type == "Polygon" else geometry
        footprint.srid = settings.PROJECTION_SRID
        return geometry.point_on_surface, footprint
    raise GeometryError(_("a space is a point or an area, not a {kind}.").format(kind=geometry.geom_type))


def _gpkg_features(path: Path, opened: SourceLayer):
    datasource = DataSource(str(path), encoding="utf-8")
    layer = next(lyr for lyr in datasource if lyr.name == opened.name)
    for number, ogr_feature in enumerate(layer, start=1):
        properties = {}
        for index, name in enumerate(ogr_feature.fields):
            try:
                properties[name] = ogr_feature.get(name)
            except UnicodeDecodeError:
                raw = capi.get_field_as_string(ogr_feature.ptr, index)
                properties[name] = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        try:
            ogr_geom = ogr_feature.geom
        except GDALException:
            ogr_geom = None
        geometry = GEOSGeometry(memoryview(bytes(ogr_geom.wkb)), srid=opened.srid) if ogr_geom is not None else None
        yield Feature(properties=properties, geometry=geometry, number=number)


# --- CSV with coordinates -----------------------------------------------------------


def _open_csv(path: Path, *, srid: int | None) -> SourceLayer:
    if not path.is_file():
        raise ImportFileError(_("File not found: {path}").format(path=path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not UTF-8; save it as UTF-8 first.")) from None
    # The header line decides: csv.Sniffer guesses wrong on rows like "15 000 €".
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ImportFileError(_("The file has no features."))
    headers = {name.strip().lower(): name for name in rows[0] if name}
    x_col = next((headers[c] for c in CSV_X if c in headers), None)
    y_col = next((headers[c] for c in CSV_Y if c in headers), None)
    wkt_col = next((headers[c] for c in CSV_WKT if c in headers), None)
    if not (x_col and y_col) and not wkt_col:
        raise ImportFileError(
            _("The CSV file has no coordinate columns: give lon and lat (or x and y, E and N) or a WKT column.")
        )
    coordinates = [_csv_xy(row, x_col, y_col, wkt_col, n) for n, row in enumerate(rows, start=1)]
    known = [xy for xy in coordinates if xy is not None]
    degrees = bool(known) and all(abs(x) <= 180 and abs(y) <= 90 for x, y in known)
    chosen = srid or (4326 if degrees else settings.IMPORT_DEFAULT_SRID)
    return SourceLayer(
        name=path.stem,
        srid=chosen,
        srid_source="option" if srid else "default",
        fields=[name for name in rows[0] if name],
        count=len(rows),
        features=_csv_features(rows, coordinates, chosen),
    )


def _csv_xy(row: dict, x_col, y_col, wkt_col, number: int) -> tuple[float, float] | None:
    wkt = (row.get(wkt_col) or "").strip() if wkt_col else ""
    try:
        if wkt:
            match = _WKT_POINT.match(wkt)
            if not match:
                raise ValueError
            return float(match[1]), float(match[2])
        x, y = (row.get(x_col) or "").strip(), (row.get(y_col) or "").strip()
        if not x and not y:
            return None
        return float(x.replace(",", ".")), float(y.replace(",", "."))
    except (ValueError, TypeError):
        raise ImportFileError(_("Row {n}: the coordinates are not numbers or a WKT POINT.").format(n=number)) from None


def _csv_features(rows: list[dict], coordinates: list, srid: int):
    for number, (row, xy) in enumerate(zip(rows, coordinates), start=1):
        geometry = None
        if xy is not None:
            try:
                geometry = point_from_coordinates(xy[0], xy[1], srid)
            except (GeometryError, GEOSException) as exc:
                raise ImportFileError(_("Row {n}: {error}").format(n=number, error=exc)) from None
        yield Feature(properties=row, geometry=geometry, number=number)
