"""Demo divisions: Helsinki's real boundaries, simplified.

fixtures/demo/divisions.json holds the city's suurpiirit, peruspiirit and
osa-alueet (January 2022, © City of Helsinki, CC BY 4.0) with their names,
codes, suurpiiri populations and geometry simplified to 10 m, derived from the
city's osa-alue file by `manage.py derive_demo_divisions` (areas.demo_derive):
the upper levels are the unions of their osa-alueet, so the three nest exactly.
The boundaries are real, hence not `is_approximate`; demo areas are told from
imported ones by their `source`.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.contrib.gis.geos import Point as GEOSPoint
from django.db import transaction
from pyproj import Transformer

from .located import located_refresh_areas
from .models import Area, DivisionType
from .services import areas_link_parents

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "divisions.json"
DEMO_SOURCE = "demo (City of Helsinki 2022 boundaries, simplified)"
# Demo areas an earlier release loaded (Voronoi cells): refreshed like the current ones.
EARLIER_DEMO_SOURCES = ("demo (approximate geometry)",)
DEMO_ADDRESSES_FILE = settings.BASE_DIR / "fixtures" / "demo" / "addresses.json"
DEMO_ADDRESSES_SOURCE = "demo address register (approximate points)"


def demo_area_geometry(row: dict, srid: int) -> MultiPolygon:
    """A fixture row's geometry (in the file's `srid`) as a MultiPolygon in settings.PROJECTION_SRID."""
    geos = GEOSGeometry(json.dumps(row["geometry"]))
    geos.srid = srid  # GEOS reads GeoJSON as 4326; the file says its own
    if srid != settings.PROJECTION_SRID:
        geos.transform(settings.PROJECTION_SRID)
    return geos if geos.geom_type == "MultiPolygon" else MultiPolygon(geos, srid=settings.PROJECTION_SRID)


@transaction.atomic
def demo_divisions_load(*, path: Path = DEMO_FILE) -> dict[str, int]:
    """Create or refresh the demo areas; areas imported from real files are left alone,
    and so are populations already set (import_population's survive `make run`).

    Returns the number of demo areas written per division. Safe to run twice.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = {"suurpiiri": data["suurpiirit"], "peruspiiri": data["peruspiirit"], "osa-alue": data["osa_alueet"]}
    written: dict[str, int] = {}
    for slug in ("suurpiiri", "peruspiiri", "osa-alue"):
        division = DivisionType.objects.get(slug=slug)
        real = set(
            Area.objects.filter(division=division)
            .exclude(source__in=(DEMO_SOURCE, *EARLIER_DEMO_SOURCES))
            .values_list("code", flat=True)
        )
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
                "full_code": row.get("full_code", ""),
                "is_approximate": False,
                "source": DEMO_SOURCE,
                "geometry": demo_area_geometry(row, data["srid"]),
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
