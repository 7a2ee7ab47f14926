"""Derive the demo divisions and the demo land layer from Helsinki's real osa-alueet.

Input: the city's osa-alue GeoJSON (CRS84, as its WFS serves it; `kokotunnus`
= 091 + suurpiiri 1 + peruspiiri 3 + osa-alue 3 digits) and
fixtures/demo/districts.json (the names and populations of the suurpiirit and
peruspiirit, which the osa-alue file lacks). Output: fixtures/demo/divisions.json
and fixtures/demo/land.geojson, both in EPSG:3067 with whole metres.

The osa-alueet are simplified together as one coverage (GEOS coverage
simplification), so neighbours keep one shared edge and no gap or overlap
appears; the peruspiirit and suurpiirit are the unions of their osa-alueet by
the codes in `kokotunnus`, so the three levels nest exactly. Pure Python and
GEOS, no database: `manage.py derive_demo_divisions` runs it on next year's file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping, shape

SRID = 3067
# Metres: GEOS coverage simplification (Visvalingam-Whyatt: a vertex goes when
# its triangle is under the tolerance squared, 100 m²). It keeps a street
# block's side recognisable at the map's zooms and the three levels well under
# 1 MB; a line moves a few metres, a narrow spike up to some 30 m (the file
# states the largest move: `max_deviation_m`).
SIMPLIFY_TOLERANCE_M = 10
LICENCE = "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "© Helsingin kaupunki / City of Helsinki, CC BY 4.0"
# The osa-alue of the territorial sea (Aluemeri, in peruspiiri Laajasalo): no
# land, no residents, and twice the size of the rest of Laajasalo. The demo
# leaves it out, so that the map of the city fits the city and the open sea is in
# no area (a real import keeps it: it is an area of the city like any other).
SEA_ONLY_CODES = ("533",)
# The divisions cover the sea; south of this latitude the open sea between the
# outer islands is not land. Only the outer islands' discs (lon, lat, radius m)
# are kept there, as in the earlier demo layer. Bays further north count as land.
OPEN_SEA_NORTH_LAT = 60.135
OUTER_ISLANDS = ((24.8969, 60.0919, 1480), (25.1030, 60.1148, 1480))


class DeriveError(ValueError):
    """The source or the names file does not fit together; str() says where."""


def _projected(geometry: dict):
    to_srid = Transformer.from_crs(4326, SRID, always_xy=True)
    return shapely.transform(shape(geometry), lambda xy: np.column_stack(to_srid.transform(xy[:, 0], xy[:, 1])))


def _whole_metres(geom):
    rounded = shapely.transform(geom, np.round)
    return rounded if rounded.is_valid else shapely.make_valid(rounded)


def _geojson(geom) -> dict:
    """GeoJSON geometry with integer coordinates (the geometries are whole metres already)."""
    out = mapping(geom)

    def ints(value):
        return [ints(v) for v in value] if isinstance(value[0], (list, tuple)) else [int(c) for c in value]

    return {"type": out["type"], "coordinates": ints(out["coordinates"])}


def derive_demo_divisions(*, source: Path, districts: Path) -> tuple[dict, dict]:
    """(divisions fixture, land GeoJSON) derived from the real osa-alue file and the district names."""
    features = json.loads(Path(source).read_text(encoding="utf-8"))["features"]
    names = json.loads(Path(districts).read_text(encoding="utf-8"))
    rows = []
    for feature in features:
        props = feature["properties"]
        full = props.get("kokotunnus")
        if props.get("aluejako") != "OSA-ALUE" or not (isinstance(full, str) and len(full) == 10 and full.isdigit()):
            raise DeriveError(f"{props.get('nimi_fi')}: not an osa-alue with a 10-digit kokotunnus ({full!r}).")
        rows.append(
            {
                "code": full[7:],
                "name_fi": props["nimi_fi"],
                "name_sv": props["nimi_se"],
                "parent": full[4:7],
                "full_code": full,
                "geometry": _projected(feature["geometry"]),
            }
        )
    rows.sort(key=lambda row: row["code"])
    originals = [row["geometry"] for row in rows]
    simplified = shapely.coverage_simplify([row["geometry"] for row in rows], SIMPLIFY_TOLERANCE_M)
    for row, geom in zip(rows, simplified):
        row["geometry"] = _whole_metres(geom)
    deviation = max(o.hausdorff_distance(row["geometry"]) for o, row in zip(originals, rows))
    left_out = [{"code": row["code"], "name_fi": row["name_fi"]} for row in rows if row["code"] in SEA_ONLY_CODES]
    rows = [row for row in rows if row["code"] not in SEA_ONLY_CODES]

    perus_codes = {p["code"] for p in names["peruspiirit"]}
    unknown = sorted({row["parent"] for row in rows} - perus_codes)
    if unknown:
        raise DeriveError(f"peruspiirit {unknown} are in the source but not in {districts}.")
    perus = []
    for p in names["peruspiirit"]:
        parts = [row["geometry"] for row in rows if row["parent"] == p["code"]]
        if not parts:
            raise DeriveError(f"peruspiiri {p['code']} has no osa-alue in {source}.")
        perus.append({**p, "geometry": shapely.union_all(parts)})
    suur = []
    for s in names["suurpiirit"]:
        parts = [p["geometry"] for p in perus if p["parent"] == s["code"]]
        if not parts:
            raise DeriveError(f"suurpiiri {s['code']} has no peruspiiri.")
        suur.append({**s, "geometry": shapely.union_all(parts)})

    about = (
        "Demo divisions of Helsinki: the city's real osa-alueet of January 2022 "
        f"({Path(source).name}, {ATTRIBUTION}), simplified together as one coverage to "
        f"a tolerance of {SIMPLIFY_TOLERANCE_M} m (no line moved more than {math.ceil(deviation)} m) with coordinates rounded to whole metres in EPSG:{SRID}; the peruspiirit "
        "and suurpiirit are the unions of their osa-alueet by kokotunnus (091 + suurpiiri + peruspiiri + "
        "osa-alue), with the names and 2023 populations of fixtures/demo/districts.json; the sea-only "
        "osa-alue Aluemeri (territorial sea) is left out of all three levels. Generated by "
        "`manage.py derive_demo_divisions`; do not edit by hand."
    )
    land = _land_geometry(rows)
    to_lonlat = Transformer.from_crs(SRID, 4326, always_xy=True)
    for row in rows:
        # A point for the demo's things in the area, on its land (every osa-alue left has some).
        on_land = row["geometry"].intersection(land)
        inside = on_land.point_on_surface()
        row["centre"] = [round(c, 5) for c in to_lonlat.transform(inside.x, inside.y)]
    divisions = {
        "about": about,
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "source": Path(source).name,
        "simplify_tolerance_m": SIMPLIFY_TOLERANCE_M,
        "simplify_method": "GEOS coverage simplification (Visvalingam-Whyatt), shared edges kept",
        "max_deviation_m": math.ceil(deviation),
        "srid": SRID,
        "left_out": left_out,
        "suurpiirit": [{**s, "geometry": _geojson(s["geometry"])} for s in suur],
        "peruspiirit": [{**p, "geometry": _geojson(p["geometry"])} for p in perus],
        "osa_alueet": [{**row, "geometry": _geojson(row["geometry"])} for row in rows],
    }
    return divisions, _land_geojson(land)


def _land_geometry(rows: list[dict]):
    """The demo land layer: the city less its territorial sea and the open sea south of
    OPEN_SEA_NORTH_LAT, bar the outer islands' discs."""
    city = shapely.union_all([row["geometry"] for row in rows])
    to_srid = Transformer.from_crs(4326, SRID, always_xy=True)
    _, south_y = to_srid.transform(25.0, OPEN_SEA_NORTH_LAT)
    xmin, ymin, xmax, ymax = city.bounds
    north = box(xmin - 1, south_y, xmax + 1, ymax + 1)
    islands = [shapely.Point(to_srid.transform(lon, lat)).buffer(radius, 8) for lon, lat, radius in OUTER_ISLANDS]
    return _whole_metres(city.intersection(shapely.union_all([north, *islands])))


def _land_geojson(land) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{SRID}"}},
        "about": (
            "DEMO land area of Helsinki, APPROXIMATE: the demo osa-alueet (fixtures/demo/divisions.json, "
            f"{ATTRIBUTION}) less the territorial sea (Aluemeri) and the open sea south of "
            f"{OPEN_SEA_NORTH_LAT} N, where only discs around the outer islands are kept. Bays and inner waters "
            "further north count as land. Not the city's land layer: set CITY_LAND_FILE to that in production."
        ),
        "features": [{"type": "Feature", "properties": {"name": "land (demo, approximate)"}, "geometry": _geojson(land)}],
    }


def write_json(data: dict, path: Path) -> None:
    """Compact JSON, one area per line, so a year's change reads as a diff of areas."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            body = ",\n".join("  " + json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in value)
            lines.append(f" {json.dumps(key)}: [\n{body}\n ]{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
