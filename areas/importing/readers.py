"""Reading division files: GeoJSON, GML, GeoPackage, KML (kml.py) and zipped Shapefiles.

Each reader yields plain features (a dict of attributes and a GEOS geometry in
the file's SRID). GeoJSON is parsed in Python (json + shapely) so that its `crs`
member is checked against the allowlist before anything else reads it; the other
formats go through GDAL's OGR drivers.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
import shapely.geometry
from django.conf import settings
from django.contrib.gis.gdal import DataSource, GDALException
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from areas.geometry import GeometryError, geojson_check, geojson_crs, parse_srid
from geo_osallisuus import parsers

GEOJSON_SUFFIXES = {".geojson", ".json"}
OGR_SUFFIXES = {".gml", ".xml", ".gpkg", ".shp", ".zip"}
# A zip may not unpack to more than this: a guard against zip bombs.
ZIP_MAX_UNPACKED_BYTES = 1024**3
ZIP_MAX_RATIO = 200


MSG_NO_FEATURES = _lazy("The file has no features.")
# Ends every message of an import that stopped; commands add it where a message lacks it.
MSG_NOTHING_CHANGED = _lazy("Nothing was changed.")


class ImportFileError(Exception):
    """The file cannot be imported; str() says why, for a person."""


@dataclass
class Feature:
    properties: dict[str, Any]
    geometry: GEOSGeometry | None
    number: int  # 1-based position in the file, for messages


@dataclass
class SourceLayer:
    """A layer opened for reading: its SRID, attribute names and features."""

    name: str
    srid: int
    srid_source: str  # "file", "option" or "default": how the SRID was decided
    fields: list[str]
    count: int | None
    features: Iterator[Feature] = field(repr=False)


def open_layer(path: Path | str, *, layer: str | None = None, srid: int | None = None) -> SourceLayer:
    """Open the division file at `path`.

    `srid` declares the CRS of a file that names none (it must be allowed); a
    file that names a CRS different from `srid` is refused. Without either, a
    GeoJSON file is read as RFC 7946 lon/lat and other files in
    settings.IMPORT_DEFAULT_SRID (ETRS-GK25, the city's own).
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(_("File not found: {path}").format(path=path))
    suffix = path.suffix.lower()
    if suffix in GEOJSON_SUFFIXES:
        return _open_geojson(path, srid=srid)
    if suffix in OGR_SUFFIXES:
        return _open_ogr(path, layer=layer, srid=srid)
    if suffix == ".kml":
        from .kml import open_kml  # kml imports this module's types

        return open_kml(path)
    raise ImportFileError(
        _("Unsupported file type {suffix!r}: use GeoJSON, GML, GeoPackage, KML or a zipped Shapefile.").format(
            suffix=suffix or path.name
        )
    )


def _decide_srid(file_srid: int | None, option_srid: int | None, default: int) -> tuple[int, str]:
    if file_srid is not None and option_srid is not None and file_srid != option_srid:
        raise ImportFileError(
            _("The file says its CRS is EPSG:{file}, but EPSG:{option} was asked for.").format(
                file=file_srid, option=option_srid
            )
        )
    if file_srid is not None:
        return file_srid, "file"
    if option_srid is not None:
        return option_srid, "option"
    return default, "default"


# --- GeoJSON ---------------------------------------------------------------------


def _open_geojson(path: Path, *, srid: int | None) -> SourceLayer:
    try:
        data = parsers.loads(path.read_bytes())
    except parsers.JSONInputError as exc:
        raise ImportFileError(_("The file is not valid JSON: {reason}").format(reason=exc)) from None
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise ImportFileError(_("The file is not a GeoJSON FeatureCollection."))
    features = data["features"] if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise ImportFileError(_("The GeoJSON 'features' member is not a list."))
    if not features:
        raise ImportFileError(MSG_NO_FEATURES)

    try:
        file_srid = geojson_crs(data)
    except GeometryError as exc:
        raise ImportFileError(str(exc)) from None
    default = 4326 if _looks_like_degrees(features) else settings.IMPORT_DEFAULT_SRID
    chosen, how = _decide_srid(file_srid, srid, default)

    fields: dict[str, None] = {}
    for feature in features[:50]:
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            fields.update(dict.fromkeys(feature["properties"]))
    return SourceLayer(
        name=str(data.get("name") or path.stem),
        srid=chosen,
        srid_source=how,
        fields=list(fields),
        count=len(features),
        features=_geojson_features(features, chosen),
    )


def _looks_like_degrees(features: list) -> bool:
    """Whether the first coordinates fit in lon/lat ranges (RFC 7946's implied CRS)."""
    for feature in features[:5]:
        try:
            coords = feature["geometry"]["coordinates"]
            while isinstance(coords, list) and coords and isinstance(coords[0], list):
                coords = coords[0]
            x, y = float(coords[0]), float(coords[1])
        except (KeyError, TypeError, IndexError, ValueError):
            continue
        return abs(x) <= 180 and abs(y) <= 90
    return True


def _geojson_features(features: list, srid: int) -> Iterator[Feature]:
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportFileError(_("Feature {n} is not a GeoJSON Feature.").format(n=number))
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise ImportFileError(_("Feature {n} has properties that are not an object.").format(n=number))
        geometry = None
        if feature.get("geometry") is not None:
            try:
                _check_inner_crs(feature["geometry"], srid)
                geojson_check(feature["geometry"])
                shape = shapely.geometry.shape(feature["geometry"])
            except GeometryError as exc:
                raise ImportFileError(
                    _("Feature {n} has a malformed geometry: {error}").format(n=number, error=exc)
                ) from None
            except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as exc:
                raise ImportFileError(
                    _("Feature {n} has a malformed geometry: {error}").format(n=number, error=exc)
                ) from None
            geometry = GEOSGeometry(memoryview(shapely.to_wkb(shape)), srid=srid)
        yield Feature(properties=properties, geometry=geometry, number=number)


def _check_inner_crs(geometry: object, srid: int) -> None:
    """A `crs` member on a geometry must agree with the file's: ignoring it would
    read the coordinates in the wrong CRS."""
    named = geojson_crs(geometry)
    if named is not None and named != srid:
        raise GeometryError(
            _("it names the coordinate reference system EPSG:{inner}, but the file is read in EPSG:{srid}").format(
                inner=named, srid=srid
            )
        )


# --- OGR (GML, GeoPackage, Shapefile) ---------------------------------------------


def _open_ogr(path: Path, *, layer: str | None, srid: int | None) -> SourceLayer:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        source = "/vsizip/" + str(path.resolve()) + "/" + _shapefile_in_zip(path)
    elif suffix in (".gml", ".xml"):
        _check_gml(path)
    try:
        datasource = DataSource(source, encoding="utf-8")
    except GDALException:
        raise ImportFileError(
            _("The file could not be read as {kind}; is it truncated or mislabelled?").format(
                kind=path.suffix.lower().lstrip(".").upper()
            )
        ) from None
    names = [lyr.name for lyr in datasource]
    if not names and suffix in (".gml", ".xml"):
        # GDAL's GML driver opens a broken file and finds no layers in it.
        raise ImportFileError(_("The file could not be read as GML; is it truncated or mislabelled?"))
    if not names:
        raise ImportFileError(_("The file has no layers."))
    if layer is None:
        if len(names) > 1:
            raise ImportFileError(
                _("The file has several layers ({names}); choose one with --layer.").format(names=", ".join(names))
            )
        chosen_layer = datasource[0]
    elif layer in names:
        chosen_layer = datasource[names.index(layer)]
    else:
        raise ImportFileError(
            _("The file has no layer {layer!r}; it has {names}.").format(layer=layer, names=", ".join(names))
        )
    if len(chosen_layer) == 0:
        raise ImportFileError(MSG_NO_FEATURES)
    file_srid = _ogr_layer_srid(chosen_layer)
    chosen, how = _decide_srid(file_srid, srid, settings.IMPORT_DEFAULT_SRID)
    return SourceLayer(
        name=chosen_layer.name,
        srid=chosen,
        srid_source=how,
        fields=list(chosen_layer.fields),
        count=len(chosen_layer),
        features=_ogr_features(datasource, chosen_layer, chosen),
    )


_SRS_NAME = re.compile(rb"""srsName\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A GML file must show that it is XML in its first bytes (after a BOM and blanks).
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


def _check_gml(path: Path) -> None:
    """Refuse a GML file that is not XML, or that names a CRS outside the allowlist.

    GDAL's GML driver would hand each srsName to PROJ (which can read files and
    URLs before GDAL 3.9), or skip one it does not know and read the file in the
    default CRS. The names are matched here, as text, first.
    """
    data = path.read_bytes()
    if not _XML_START.match(data[:1024]):
        raise ImportFileError(_("The file is not XML, so not GML; is it mislabelled?"))
    for match in _SRS_NAME.finditer(data):
        name = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace")
        try:
            parse_srid(name)
        except GeometryError as exc:
            raise ImportFileError(str(exc)) from None


def _shapefile_in_zip(path: Path) -> str:
    """The one .shp member of a zip, after refusing archives with path tricks or bombs."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportFileError(_("The file is not a valid zip archive.")) from None
    for member in members:
        name = member.filename
        if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
            raise ImportFileError(_("The zip archive contains an unsafe path: {name!r}").format(name=name))
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ImportFileError(_("The zip archive contains a symbolic link: {name!r}").format(name=name))
        # Shapefiles compress by a factor of ten or so; thousands is a zip bomb.
        if member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1024**2:
            raise ImportFileError(
                _("The zip archive member {name!r} unpacks to {ratio:.0f} times its size: refused as a zip bomb.").format(
                    name=name, ratio=member.file_size / max(member.compress_size, 1)
                )
            )
    if sum(m.file_size for m in members) > ZIP_MAX_UNPACKED_BYTES:
        raise ImportFileError(_("The zip archive unpacks to more than 1 GiB."))
    shapefiles = [m.filename for m in members if m.filename.lower().endswith(".shp")]
    if len(shapefiles) != 1:
        raise ImportFileError(
            _("The zip archive must contain exactly one .shp file; it contains {count}.").format(count=len(shapefiles))
        )
    return shapefiles[0]


def _ogr_layer_srid(layer) -> int | None:
    try:
        srs = layer.srs
    except GDALException:
        srs = None
    if srs is None:
        return None
    code = srs.srid
    if code is None:
        authority = (srs.attr_value("AUTHORITY") or "", srs.attr_value("AUTHORITY", 1) or "")
        if authority == ("OGC", "CRS84"):
            return 4326
        try:
            srs.identify_epsg()
            code = srs.srid
        except GDALException:
            code = None
    if code is None:
        raise ImportFileError(
            _("The file's coordinate reference system is not one the service knows; use one of {allowed}.").format(
                allowed=", ".join(f"EPSG:{s}" for s in settings.ALLOWED_SRIDS)
            )
        )
    try:
        return parse_srid(code)
    except GeometryError as exc:
        raise ImportFileError(str(exc)) from None


def _ogr_features(datasource, layer, srid: int) -> Iterator[Feature]:
    # `datasource` is an argument only to keep it alive while the generator runs:
    # OGR frees a layer together with its data source.
    for number, feature in enumerate(layer, start=1):
        try:
            properties = {name: feature.get(name) for name in feature.fields}
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Feature {n} has text that is not UTF-8; convert the file to UTF-8 first.").format(n=number)
            ) from None
        geometry = None
        try:
            ogr_geom = feature.geom
        except GDALException:
            ogr_geom = None
        if ogr_geom is not None:
            geometry = GEOSGeometry(memoryview(bytes(ogr_geom.wkb)), srid=srid)
        yield Feature(properties=properties, geometry=geometry, number=number)
