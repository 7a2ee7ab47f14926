from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from areas.demo_derive import SIMPLIFY_TOLERANCE_M, DeriveError, derive_demo_divisions, write_json

FIXTURES = settings.BASE_DIR / "fixtures" / "demo"


class Command(BaseCommand):
    help = (
        "Derive fixtures/demo/divisions.json and fixtures/demo/land.geojson from the city's osa-alue GeoJSON "
        "(e.g. ../shared/data/divisions-2022/gispo_osa_alueet.geojson) and fixtures/demo/districts.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the city's osa-alue GeoJSON (CRS84, with kokotunnus)")
        parser.add_argument("--districts", type=Path, default=FIXTURES / "districts.json")
        parser.add_argument("--out", type=Path, default=FIXTURES, help="folder for divisions.json and land.geojson")

    def handle(self, *args, source, districts, out, **options):
        try:
            divisions, land = derive_demo_divisions(source=source, districts=districts)
        except (OSError, ValueError, KeyError, DeriveError) as exc:
            raise CommandError(f"{source}: {exc}") from None
        write_json(divisions, out / "divisions.json")
        write_json(land, out / "land.geojson")
        self.stdout.write(
            f"{len(divisions['osa_alueet'])} osa-alueet, {len(divisions['peruspiirit'])} peruspiirit, "
            f"{len(divisions['suurpiirit'])} suurpiirit (simplified to {SIMPLIFY_TOLERANCE_M} m) -> {out}"
        )
