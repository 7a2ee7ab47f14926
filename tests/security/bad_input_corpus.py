"""The corpus of bad input: payloads built in Python, each with the words its refusal must contain.

Every item is (id, payload, expected): `expected` is a tuple of lower-case
fragments of which the refusal's message must contain at least one, so that a
test can tell a readable refusal ("... is not closed ...") from a stack trace
or a Python repr. The payloads are built here rather than stored as files: a
reader sees what each one is, and the large ones (200 000 vertices, 10 000
levels of nesting) cost nothing in the repository.
"""

from __future__ import annotations

import io
import json
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass

# Helsinki's centre (Kruununhaka) in EPSG:4326, lon/lat, and a small square there.
LON, LAT = 24.955, 60.170
D = 0.002


def ring(lon: float = LON, lat: float = LAT, d: float = D) -> list[list[float]]:
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d / 2], [lon, lat + d / 2], [lon, lat]]


def polygon(coordinates) -> dict:
    return {"type": "Polygon", "coordinates": coordinates}


@dataclass(frozen=True)
class Item:
    id: str
    payload: object
    expected: tuple[str, ...]


# Words that say what is wrong, grouped as the service says them.
NOT_FINITE = ("not finite", "finite numbers")
NESTED = ("nested",)
UTF8 = ("utf-8",)
MALFORMED = ("malformed", "not valid json")
OUTSIDE = ("outside helsinki", "out of range")
SRID = ("coordinate reference system",)
TOO_LARGE = ("bytes are accepted", "too large", "larger than")
VERTICES = ("vertices", "coordinates")
FILE_KIND = ("must be geojson or kml",)
ZIP = ("zip archives",)


# --- Request bodies that are not acceptable JSON (every JSON write endpoint) ---------

def deep_lists(depth: int) -> bytes:
    return b'{"title": ' + b"[" * depth + b"]" * depth + b"}"


def deep_objects(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


JSON_BODIES = [
    Item("nan-literal", b'{"title": NaN, "description": "x"}', NOT_FINITE),
    Item("infinity-literal", b'{"title": "x", "lat": Infinity}', NOT_FINITE),
    Item("minus-infinity", b'{"title": "x", "lat": -Infinity}', NOT_FINITE),
    Item("overflowing-1e309", b'{"title": "x", "lat": 1e309}', NOT_FINITE),
    Item("int-of-5000-digits", b'{"title": "x", "lat": ' + b"9" * 5000 + b"}", ("number",)),
    Item("lists-nested-10000-deep", deep_lists(10_000), NESTED),
    Item("objects-nested-10000-deep", deep_objects(10_000), NESTED),
    Item("lists-nested-100-deep", deep_lists(100), NESTED),
    Item("latin-1-finnish", '{"title": "Pääkaupunkiseutu", "description": "Pääkaupunkiseutu"}'.encode("latin-1"), UTF8),
    Item("invalid-utf-8-sequence", b'{"title": "\xc3\x28\xa0\xa1\xff"}', UTF8),
    Item("nul-escape", b'{"title": "Outdoor\\u0000gym", "description": "x"}', ("nul",)),
    Item("truncated", b'{"title": "Outdoor gym", "descr', MALFORMED),
    Item("not-json-at-all", b"title=Outdoor gym", MALFORMED),
]


# --- GeoJSON geometry (drawn areas, uploaded GeoJSON files, importers) --------------

def many_vertices(count: int) -> dict:
    """A valid-looking circle-ish ring of `count` vertices around the centre."""
    import math

    points = [
        [round(LON + 0.01 * math.cos(2 * math.pi * i / count), 7), round(LAT + 0.005 * math.sin(2 * math.pi * i / count), 7)]
        for i in range(count)
    ]
    return polygon([points + [points[0]]])


def nested_collections(depth: int) -> dict:
    geometry: dict = polygon([ring()])
    for _ in range(depth):
        geometry = {"type": "GeometryCollection", "geometries": [geometry]}
    return geometry


SWAPPED = [[lat, lon] for lon, lat in ring()]
NEW_YORK = ring(-74.006, 40.713)

GEOMETRIES = [
    Item("unclosed-ring", polygon([ring()[:-1]]), ("not closed",)),
    Item("ring-of-three", polygon([[[LON, LAT], [LON + D, LAT], [LON, LAT]]]), ("at least four",)),
    Item("coordinate-as-strings", polygon([[[str(c) for c in p] for p in ring()]]), ("coordinate",)),
    Item("coordinate-of-one-number", polygon([[[LON] for _ in range(5)]]), ("coordinate",)),
    Item("coordinate-of-four-numbers", polygon([[p + [0, 0] for p in ring()]]), ("coordinate",)),
    Item("coordinates-not-nested", {"type": "Polygon", "coordinates": [LON, LAT]}, ("nested as geojson says", "coordinate")),
    Item("coordinates-missing", {"type": "Polygon"}, ("nested as geojson says",)),
    Item("swapped-lat-lon", polygon([SWAPPED]), OUTSIDE),
    Item("new-york", polygon([NEW_YORK]), OUTSIDE),
    Item("latitude-beyond-the-pole", polygon([[[LON, 95.0], [LON + D, 95.0], [LON + D, 96.0], [LON, 95.0]]]), OUTSIDE + ("transformed",)),
    Item("zero-area-line-as-polygon", polygon([[[LON, LAT], [LON + D, LAT], [LON + 2 * D, LAT], [LON, LAT]]]), ("no area",)),
    Item("empty-polygon", polygon([]), ("empty", "no polygon")),
    Item("unknown-type", {"type": "Polygonn", "coordinates": [ring()]}, ("unknown geojson geometry type",)),
    Item("collections-nested-10-deep", nested_collections(10), ("nested",)),
    Item("20000-vertices", many_vertices(20_000), VERTICES),
    Item("crs-unknown-epsg", {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": "EPSG:999999"}}}, SRID),
    Item("crs-garbage", {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": "EPSG:foo"}}}, SRID),
    Item(
        "crs-proj-string",
        {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": "+proj=merc +lon_0=0 +init=/etc/passwd"}}},
        SRID,
    ),
    Item("crs-properties-not-an-object", {**polygon([ring()]), "crs": {"type": "name", "properties": "EPSG:3067"}}, ("crs member",)),
    Item("crs-not-an-object", {**polygon([ring()]), "crs": "EPSG:3067"}, ("crs member",)),
    Item("crs-url", {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": "http://example.com/crs.wkt"}}}, SRID),
    Item("crs-wkt", {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": 'GEOGCS["x",DATUM["y"]]'}}}, SRID),
    Item(
        "lonlat-labelled-3879",
        {**polygon([ring()]), "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3879"}}},
        OUTSIDE + ("transformed", "coordinate reference system"),
    ),
]

# `srid` values beside a geometry or a point, or in a query string.
BAD_SRIDS = [
    Item("epsg-999999", "EPSG:999999", SRID),
    Item("epsg-foo", "EPSG:foo", SRID),
    Item("srid-2154-france", "2154", SRID),
    Item("proj-string", "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +units=m", SRID),
    Item("proj-init-file", "+init=/etc/passwd", SRID),
    Item("url", "http://example.com/srs.prj", SRID),
    Item("negative", "-4326", SRID),
    Item("huge", "9" * 50, SRID),
]


# --- Uploaded files -----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00" * 17


def kml(coordinates: str = " ".join(f"{x},{y},0" for x, y in ring())) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>Kortteli</name><Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        "</Document></kml>"
    ).encode()


GEOJSON_FILE = json.dumps({"type": "Feature", "properties": {"name": "Kortteli"}, "geometry": polygon([ring()])}).encode()


def zip_of(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A zip whose one member inflates 1000-fold (50 MB of zeros in about 50 kB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("area.shp", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(50):
                member.write(chunk)
    return buffer.getvalue()


GML_UNKNOWN_SRS = b"""<?xml version="1.0" encoding="UTF-8"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2">
<gml:Polygon srsName="urn:ogc:def:crs:EPSG::999999"><gml:exterior><gml:LinearRing>
<gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>
</wfs:FeatureCollection>"""

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><kml><Document><name>&c;</name></Document></kml>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<kml><Document><name>&x;</name></Document></kml>"
)

# (id, file name, content, expected words)
UPLOADS = [
    Item("png-named-geojson", ("area.geojson", PNG), FILE_KIND),
    Item("png-named-kml", ("area.kml", PNG), FILE_KIND),
    Item("kml-not-xml", ("area.kml", b"<kml><Document><Placemark><Polygon><outerBoundaryIs>"), ("malformed",)),
    Item("geojson-cut-midway", ("area.geojson", GEOJSON_FILE[: len(GEOJSON_FILE) // 2]), MALFORMED),
    Item("geojson-named-kml", ("area.kml", GEOJSON_FILE), ("named as another kind",)),
    Item("kml-named-geojson", ("area.geojson", kml()), ("named as another kind",)),
    Item("empty-file", ("area.geojson", b""), ("empty",)),
    Item("gml-unknown-srs", ("area.gml", GML_UNKNOWN_SRS), ("malformed", "must be geojson or kml")),
    Item("zip-path-traversal", ("area.kml", zip_of({"../../../../tmp/geo-osallisuus-escaped.kml": kml()})), ZIP),
    Item("zip-absolute-path", ("area.kmz", zip_of({"/tmp/geo-osallisuus-absolute.kml": kml()})), ZIP),
    Item("zip-symlink", ("area.zip", zip_of({"doc.kml": kml()}, symlink="link.kml")), ZIP),
    Item("zip-bomb", ("area.geojson", zip_bomb()), ZIP),
    Item("gzip", ("area.geojson", zlib.compress(GEOJSON_FILE)[:0] + b"\x1f\x8b\x08\x00" + b"\x00" * 20), FILE_KIND),
    Item("latin-1-geojson", ("area.geojson", GEOJSON_FILE.replace(b"Kortteli", "Pääkaupunkiseutu".encode("latin-1"))), UTF8 + ("utf",)),
    Item("invalid-utf-8-kml", ("area.kml", kml().replace(b"Kortteli", b"\xc3\x28\xff")), UTF8 + ("utf",)),
    Item("nan-in-geojson-file", ("area.geojson", GEOJSON_FILE.replace(b"[24.955,", b"[NaN,", 1).replace(b"[24.955, ", b"[NaN, ", 1)), NOT_FINITE),
    Item("1e309-in-geojson-file", ("area.geojson", GEOJSON_FILE.replace(b"24.955", b"1e309")), NOT_FINITE),
    Item("infinity-in-kml", ("area.kml", kml("Infinity,60.17,0 24.96,60.17,0 24.96,60.18,0 Infinity,60.17,0")), ("coordinate",)),
    Item("nan-in-kml", ("area.kml", kml("nan,60.17,0 24.96,60.17,0 24.96,60.18,0 nan,60.17,0")), ("coordinate",)),
    Item("kml-billion-laughs", ("area.kml", BILLION_LAUGHS), ("dtd or entities",)),
    Item("kml-external-entity", ("area.kml", EXTERNAL_ENTITY), ("dtd or entities",)),
    Item("deeply-nested-geojson-file", ("area.geojson", deep_objects(10_000)), NESTED),
    Item("text-file", ("area.geojson", "Pääkaupunkiseutu on kaunis.\n".encode()), FILE_KIND),
]
