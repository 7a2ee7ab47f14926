"""Geometry from outside: GeoJSON (drawn or uploaded) and KML files.

Nothing here reaches GDAL: GeoJSON is read by shapely from Python objects, KML
by defusedxml (no DTDs, no entity expansion, no external references, so no
file or network access) and the coordinates by hand. A CRS is matched against
the allowlist (areas.geometry.parse_srid). Each function returns a polygonal
GEOSGeometry with its SRID, or raises GeometryError with a message from below.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
import shapely.errors
import shapely.geometry
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import fromstring as xml_fromstring
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, geojson_check, geojson_crs, parse_srid
from geo_osallisuus import parsers
from geo_osallisuus.text import text_clean

MSG_NOT_UTF8 = _("The file is not UTF-8 text.")
MSG_PAYLOAD_TOO_LARGE = _("The data is {size} bytes; at most {limit} bytes are accepted.")
MSG_GEOJSON_MALFORMED = _("The GeoJSON is malformed: {reason}")
MSG_GEOJSON_NO_POLYGON = _("The GeoJSON holds no polygon; draw or upload an area, not points or lines.")
MSG_KML_MALFORMED = _("The KML file is malformed: {reason}")
MSG_KML_FORBIDDEN = _("The KML file declares a DTD or entities, which are not accepted.")
MSG_KML_NO_POLYGON = _("The KML file holds no polygon.")
MSG_FILE_KIND = _("The file must be GeoJSON or KML.")
MSG_CRS_DISAGREES = _("A geometry names the coordinate reference system {inner}, but the document is in {outer}.")
MSG_FILE_ZIP = _("Zip archives (KMZ, zipped Shapefiles) are not accepted: upload a GeoJSON or KML file.")
MSG_FILE_MISLABELLED = _("The file {name!r} is named as another kind of file than it holds ({kind}).")

# Uploads and drawn geometry larger than this are refused before parsing.
MAX_BYTES = getattr(settings, "RESIDENT_AREA_MAX_BYTES", 2_000_000)
# Parts one definition may have (features, polygons): beyond is not an area.
MAX_PARTS = 500


@dataclass(frozen=True)
class Parsed:
    geometry: GEOSGeometry
    name: str = ""
    name_sv: str = ""  # a Swedish name the file gives (name_sv, nimi_se, nimi_sv), kept as it is


# Attributes that hold a Swedish name: the service's own, then Helsinki's open-data spellings.
SWEDISH_NAME_KEYS = ("name_sv", "nimi_se", "nimi_sv")


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise GeometryError(MSG_PAYLOAD_TOO_LARGE.format(size=size, limit=MAX_BYTES))


def decode(data: bytes) -> str:
    """`data` as text: UTF-8 (a byte-order mark is allowed), else GeometryError."""
    check_size(len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GeometryError(MSG_NOT_UTF8) from None


# Binary formats people upload by mistake, by their first bytes ("magic numbers").
# A zip (a KMZ, a zipped Shapefile) is refused by its content, whatever its name:
# nothing here unpacks archives, so no entry of one is ever written anywhere.
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf",
    b"SQLite format 3", b"\x00\x00\x27\x0a",  # GeoPackage, Shapefile
)
_KML_NAMES = (".kml",)
_GEOJSON_NAMES = (".geojson", ".json")


def parse_file(data: bytes, *, srid: object | None = None, name: str = "") -> Parsed:
    """An uploaded GeoJSON or KML file, recognised by its content.

    A file whose name says one kind (.kml, .geojson, .json) but whose content
    is the other is refused: a mislabelled file is more likely the wrong file
    than a right one.
    """
    if data.startswith(_ZIP_MAGIC):
        raise GeometryError(MSG_FILE_ZIP)
    if data.startswith(_BINARY_MAGIC):
        raise GeometryError(MSG_FILE_KIND)
    text = decode(data).lstrip()
    lowered = name.lower()
    if text.startswith("<"):
        if lowered.endswith(_GEOJSON_NAMES):
            raise GeometryError(MSG_FILE_MISLABELLED.format(name=name[-100:], kind="KML"))
        return parse_kml(text)
    if text.startswith("{"):
        if lowered.endswith(_KML_NAMES):
            raise GeometryError(MSG_FILE_MISLABELLED.format(name=name[-100:], kind="GeoJSON"))
        try:
            value = parsers.loads(text)
        except parsers.JSONInputError as exc:
            raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=str(exc))) from None
        return parse_geojson(value, srid=srid)
    raise GeometryError(MSG_FILE_KIND)


def parse_geojson(value: object, *, srid: object | None = None) -> Parsed:
    """A GeoJSON geometry, Feature or FeatureCollection (already decoded) as one geometry.

    The CRS is the `crs` member, else `srid`, else EPSG:4326 (RFC 7946); each
    must be on the allowlist. Polygons of every feature are collected; points
    and lines are ignored, and none at all is an error.
    """
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=_("not a GeoJSON object")))
    chosen = 4326
    named = geojson_crs(value)
    if named is not None:
        chosen = named
    elif srid not in (None, ""):
        chosen = parse_srid(srid)
    kind = value["type"]
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list):
            raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=_("features is not a list")))
        geometries = []
        for feature in features[: MAX_PARTS + 1]:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=_("a feature is not a Feature")))
            geometries.append(feature.get("geometry"))
        first = features[0] if features else None
    elif kind == "Feature":
        geometries, first = [value.get("geometry")], value
    else:
        geometries, first = [value], None
    polygons: list[Polygon] = []
    for geometry in geometries:
        if geometry is None:
            continue
        _check_inner_crs(geometry, chosen)
        polygons.extend(_polygons(_shape(geometry), chosen))
    properties = first.get("properties") if isinstance(first, dict) else None
    return Parsed(
        geometry=_combine(polygons, chosen, MSG_GEOJSON_NO_POLYGON),
        name=_property_name(properties, ("name",)),
        name_sv=_property_name(properties, SWEDISH_NAME_KEYS),
    )


def _check_inner_crs(geometry: object, chosen: int) -> None:
    """A `crs` member on a feature's geometry must agree with the document's:
    ignoring it would read the coordinates in the wrong CRS."""
    named = geojson_crs(geometry)
    if named is not None and named != chosen:
        raise GeometryError(MSG_CRS_DISAGREES.format(inner=f"EPSG:{named}", outer=f"EPSG:{chosen}"))


def _property_name(properties: object, keys: tuple[str, ...]) -> str:
    """The first of `keys` (any letter case) that holds text in `properties`."""
    if not isinstance(properties, dict):
        return ""
    by_lower = {str(k).lower(): v for k, v in properties.items()}
    for key in keys:
        value = by_lower.get(key)
        if isinstance(value, str) and value.strip():
            return _found_name(value)
    return ""


def _found_name(raw: str) -> str:
    """A name read from a file, under the rules of every name people give (geo_osallisuus.text).

    Line breaks and runs of spaces (a pretty-printed KML <name>) become one space."""
    try:
        return text_clean(" ".join(raw.split()))[:200]
    except ValidationError as exc:
        raise GeometryError(exc.messages[0]) from None


def _shape(geometry: object):
    if not isinstance(geometry, dict):
        raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=_("a geometry is not an object")))
    try:
        geojson_check(geometry)
    except GeometryError as exc:
        raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=exc)) from None
    try:
        return shapely.geometry.shape(geometry)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=str(exc)[:200] or type(exc).__name__)) from None


def _polygons(shape, srid: int) -> list[Polygon]:
    if shape.is_empty:
        return []
    if shape.geom_type in ("Polygon", "MultiPolygon"):
        # Heights (GPS tracks, 3D exports) are dropped: an area is drawn on the map.
        geometry = GEOSGeometry(memoryview(shapely.to_wkb(shapely.force_2d(shape))), srid=srid)
        return [geometry] if isinstance(geometry, Polygon) else list(geometry)
    if shape.geom_type == "GeometryCollection":
        return [p for part in shape.geoms for p in _polygons(part, srid)]
    return []


def _combine(polygons: list[Polygon], srid: int, empty_message) -> GEOSGeometry:
    if not polygons:
        raise GeometryError(empty_message)
    if len(polygons) > MAX_PARTS:
        raise GeometryError(MSG_GEOJSON_MALFORMED.format(reason=_("more than {n} parts").format(n=MAX_PARTS)))
    if len(polygons) == 1:
        polygons[0].srid = srid
        return polygons[0]
    return MultiPolygon(polygons, srid=srid)


# --- KML ------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_kml(text: str) -> Parsed:
    """The polygons of a KML document (always lon/lat, EPSG:4326), with the first Placemark's name."""
    try:
        root = xml_fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise GeometryError(MSG_KML_FORBIDDEN) from None
    except XMLParseError as exc:
        raise GeometryError(MSG_KML_MALFORMED.format(reason=str(exc)[:200])) from None
    if _local(root.tag) != "kml":
        raise GeometryError(MSG_KML_MALFORMED.format(reason=_("the root element is not kml")))
    polygons = []
    for element in root.iter():
        if _local(element.tag) != "Polygon":
            continue
        outer = [_ring(e) for e in element.iter() if _local(e.tag) == "outerBoundaryIs"]
        inner = [_ring(e) for e in element.iter() if _local(e.tag) == "innerBoundaryIs"]
        if len(outer) != 1:
            raise GeometryError(MSG_KML_MALFORMED.format(reason=_("a Polygon needs one outerBoundaryIs")))
        try:
            polygons.append(Polygon(outer[0], *inner, srid=4326))
        except (TypeError, ValueError, IndexError) as exc:
            raise GeometryError(MSG_KML_MALFORMED.format(reason=str(exc)[:200])) from None
        if len(polygons) > MAX_PARTS:
            break
    name = ""
    for element in root.iter():
        if _local(element.tag) == "name" and element.text and element.text.strip():
            name = _found_name(element.text)
            break
    placemark = next((e for e in root.iter() if _local(e.tag) == "Placemark"), None)
    extended = _kml_extended_data(placemark) if placemark is not None else {}
    return Parsed(
        geometry=_combine(polygons, 4326, MSG_KML_NO_POLYGON),
        name=name,
        name_sv=_property_name(extended, SWEDISH_NAME_KEYS),
    )


def _kml_extended_data(placemark) -> dict[str, str]:
    """A Placemark's ExtendedData as name -> text: <Data name><value> and <SimpleData name>."""
    found: dict[str, str] = {}
    for element in placemark.iter():
        tag, key = _local(element.tag), element.get("name")
        if not key:
            continue
        if tag == "SimpleData":
            found.setdefault(key, element.text or "")
        elif tag == "Data":
            value = next((e.text for e in element if _local(e.tag) == "value"), None)
            found.setdefault(key, value or "")
    return found


def _ring(boundary) -> list[tuple[float, float]]:
    """The coordinates of a boundary's LinearRing: "lon,lat[,alt] lon,lat[,alt] ..."."""
    texts = [e.text or "" for e in boundary.iter() if _local(e.tag) == "coordinates"]
    if len(texts) != 1:
        raise GeometryError(MSG_KML_MALFORMED.format(reason=_("a boundary needs one coordinates element")))
    ring = []
    for token in texts[0].split():
        parts = token.split(",")
        try:
            if len(parts) not in (2, 3):
                raise ValueError(token)
            lon, lat = float(parts[0]), float(parts[1])
        except ValueError:
            raise GeometryError(
                MSG_KML_MALFORMED.format(reason=_("bad coordinate {value!r}").format(value=token[:40]))
            ) from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError(
                MSG_KML_MALFORMED.format(reason=_("bad coordinate {value!r}").format(value=token[:40]))
            )
        ring.append((lon, lat))
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise GeometryError(MSG_KML_MALFORMED.format(reason=_("a ring needs at least four points, first = last")))
    return ring
