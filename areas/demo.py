"""Demo divisions: real names and codes on approximate geometry.

fixtures/demo/divisions.json holds Helsinki's suurpiirit, peruspiirit and
osa-alueet with their real names, codes and (for suurpiirit) populations, the
osa-alueet's centre points and a simplified outline of the city. The geometry is
built here: the Voronoi cells of the centre points, clipped to the outline, are
the osa-alueet; their unions are the peruspiirit and suurpiirit, so the three
nest exactly. Every such area is flagged `is_approximate`.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.contrib.gis.geos import Point as GEOSPoint
from django.db import transaction
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, Polygon

from .located import located_refresh_areas
from .models import Area, DivisionType
from .services import areas_link_parents

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "divisions.json"
DEMO_SOURCE = "demo (approximate geometry)"
DEMO_ADDRESSES_FILE = settings.BASE_DIR / "fixtures" / "demo" / "addresses.json"
DEMO_ADDRESSES_SOURCE = "demo address register (approximate points)"


def _to_multipolygon(geom) -> MultiPolygon:
    geos = GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=settings.PROJECTION_SRID)
    return geos if geos.geom_type == "MultiPolygon" else MultiPolygon(geos, srid=settings.PROJECTION_SRID)


def _demo_geometries(data: dict) -> dict[str, dict[str, object]]:
    """Division slug -> code -> shapely geometry in settings.PROJECTION_SRID."""
    outline = Polygon(data["outline"])
    to_projection = Transformer.from_crs(4326, settings.PROJECTION_SRID, always_xy=True)
    centres = [Point(*to_projection.transform(*o["centre"])) for o in data["osa_alueet"]]
    cells = shapely.voronoi_polygons(MultiPoint(centres), extend_to=outline.buffer(1000))
    osa: dict[str, object] = {}
    for cell in cells.geoms:
        for item, centre in zip(data["osa_alueet"], centres):
            if cell.contains(centre):
                osa[item["code"]] = cell.intersection(outline)
                break
    parent_of = {o["code"]: o["parent"] for o in data["osa_alueet"]}
    perus = {
        p["code"]: shapely.union_all([g for code, g in osa.items() if parent_of[code] == p["code"]])
        for p in data["peruspiirit"]
    }
    suur = {
        s["code"]: shapely.union_all([g for code, g in perus.items() if code[0] == s["code"]])
        for s in data["suurpiirit"]
    }
    return {"osa-alue": osa, "peruspiiri": perus, "suurpiiri": suur}


@transaction.atomic
def demo_divisions_load(*, path: Path = DEMO_FILE) -> dict[str, int]:
    """Create or refresh the demo areas; areas imported from real files are left alone,
    and so are populations already set (import_population's survive `make run`).

    Returns the number of demo areas written per division. Safe to run twice.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    geometries = _demo_geometries(data)
    rows = {"suurpiiri": data["suurpiirit"], "peruspiiri": data["peruspiirit"], "osa-alue": data["osa_alueet"]}
    written: dict[str, int] = {}
    for slug in ("suurpiiri", "peruspiiri", "osa-alue"):
        division = DivisionType.objects.get(slug=slug)
        real = set(Area.objects.filter(division=division, is_approximate=False).values_list("code", flat=True))
        # A population already set (by import_population, or an earlier load) outlives a reload.
        counted = set(Area.objects.filter(division=division, population__isnull=False).values_list("code", flat=True))
        written[slug] = 0
        for row in rows[slug]:
            if row["code"] in real:
                continue
            defaults = {
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "name_en": row.get("name_en", ""),
                "is_approximate": True,
                "source": DEMO_SOURCE,
                "geometry": _to_multipolygon(geometries[slug][row["code"]]),
            }
            if row["code"] not in counted:
                defaults.update(population=row.get("population"), population_year=row.get("population_year"))
            Area.objects.update_or_create(division=division, code=row["code"], defaults=defaults)
            written[slug] += 1
    for slug in ("peruspiiri", "osa-alue"):
        areas_link_parents(division=DivisionType.objects.get(slug=slug))
    for slug, count in written.items():
        if count:
            located_refresh_areas(division=DivisionType.objects.get(slug=slug))
    return written


def demo_address_rows(*, path: Path = DEMO_ADDRESSES_FILE) -> list:
    """The demo register's addresses: each street's house numbers laid out
    linearly between its anchor points (number, lon, lat)."""
    from .importing.addresses import AddressRow

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    to_projection = Transformer.from_crs(4326, settings.PROJECTION_SRID, always_xy=True)
    rows = []
    for street in data["streets"]:
        anchors = street["anchors"]
        for (n0, lon0, lat0), (n1, lon1, lat1) in zip(anchors, anchors[1:]):
            last = n1 if (n1 == anchors[-1][0]) else n1 - 1
            for number in range(n0, last + 1):
                t = (number - n0) / (n1 - n0)
                x, y = to_projection.transform(lon0 + (lon1 - lon0) * t, lat0 + (lat1 - lat0) * t)
                rows.append(
                    AddressRow(
                        street_fi=street["fi"],
                        street_sv=street.get("sv", ""),
                        number=str(number),
                        postal_code=street.get("postal_code", ""),
                        point=GEOSPoint(x, y, srid=settings.PROJECTION_SRID),
                    )
                )
    return rows


def demo_addresses_load(*, path: Path = DEMO_ADDRESSES_FILE):
    """Create or refresh the demo address register where no real one exists. Safe to run twice.

    Its approximate points would move real cases that the geolocator places by address, so
    once any address comes from another source the demo rows are removed instead."""
    from .models import Address
    from .services import addresses_import

    if Address.objects.exclude(source=DEMO_ADDRESSES_SOURCE).exists():
        return addresses_import(rows=[], source=DEMO_ADDRESSES_SOURCE, is_demo=True, replace=True)
    return addresses_import(
        rows=demo_address_rows(path=path), source=DEMO_ADDRESSES_SOURCE, is_demo=True, replace=True
    )
