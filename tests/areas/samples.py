"""Small division files made by the tests, in every format and CRS the importer reads.

Geometry is crafted in EPSG:3067 near the centre of Helsinki so that the answers
(areas, parents, surfaces) are known exactly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from django.contrib.gis.geos import Polygon

# Two parents side by side, each 2 km x 2 km; four children, two in each parent.
ORIGIN_X, ORIGIN_Y = 384000.0, 6672000.0


def square(x0: float, y0: float, size: float) -> Polygon:
    return Polygon.from_bbox((x0, y0, x0 + size, y0 + size))


def parent_squares() -> dict[str, Polygon]:
    return {
        "1": square(ORIGIN_X, ORIGIN_Y, 2000),
        "2": square(ORIGIN_X + 2000, ORIGIN_Y, 2000),
    }


def child_rectangles() -> dict[str, Polygon]:
    x, y = ORIGIN_X, ORIGIN_Y
    return {
        "101": Polygon.from_bbox((x, y, x + 2000, y + 1000)),
        "102": Polygon.from_bbox((x, y + 1000, x + 2000, y + 2000)),
        "201": Polygon.from_bbox((x + 2000, y, x + 4000, y + 1000)),
        "202": Polygon.from_bbox((x + 2000, y + 1000, x + 4000, y + 2000)),
    }


def feature_collection(
    polygons: dict[str, Polygon],
    *,
    srid: int = 3067,
    crs: str | None = "auto",
    names: dict[str, str] | None = None,
    upper: bool = False,
    extra: dict | None = None,
    aluejako: str | None = None,
) -> dict:
    features = []
    for code, polygon in polygons.items():
        geom = polygon.clone()
        geom.srid = 3067
        if srid != 3067:
            geom.transform(srid)
        name = (names or {}).get(code, f"Alue {code}")
        properties = {"tunnus": code, "nimi_fi": name.upper() if upper else name, "nimi_se": f"Område {code}"}
        if aluejako:
            properties["aluejako"] = aluejako
        properties.update(extra or {})
        features.append({"type": "Feature", "properties": properties, "geometry": json.loads(geom.json)})
    data: dict = {"type": "FeatureCollection", "name": "test_layer", "features": features}
    if crs == "auto":
        crs = "urn:ogc:def:crs:OGC:1.3:CRS84" if srid == 4326 else f"urn:ogc:def:crs:EPSG::{srid}"
    if crs is not None:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return data


def write_geojson(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def ogr2ogr(source: Path, target: Path, driver: str, *options: str) -> Path:
    """Convert with GDAL's ogr2ogr (Debian's gdal-bin, installed by make)."""
    assert shutil.which("ogr2ogr"), "ogr2ogr (gdal-bin) is missing"
    subprocess.run(["ogr2ogr", "-f", driver, *options, str(target), str(source)], check=True, capture_output=True)
    return target


def zipped_shapefile(source: Path, folder: Path) -> Path:
    shp_dir = folder / "shp"
    shp_dir.mkdir()
    ogr2ogr(source, shp_dir / "alueet.shp", "ESRI Shapefile", "-lco", "ENCODING=UTF-8")
    target = folder / "alueet.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for member in shp_dir.iterdir():
            archive.write(member, arcname=member.name)
    return target
