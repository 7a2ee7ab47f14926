from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from areas.importing.readers import ImportFileError
from spaces.gis_source import WFS_ORIGIN_PREFIX, parse_field_options, read_gis_file
from spaces.models import Space
from spaces.servicemap import UnitFileError, read_unit_file, read_units
from spaces.services import SpaceImportError, spaces_import


def _is_v2_json(path: str) -> bool:
    """A .json file that is not GeoJSON is the service map's v2 unit JSON."""
    if Path(path).suffix.lower() != ".json":
        return False
    data = read_unit_file(path)
    return not (isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"))


class Command(BaseCommand):
    help = (
        "Import city spaces from the service map's v2 unit JSON (a {\"results\": [...]} page, a list or one unit) "
        "or from a GIS export: GeoPackage, GeoJSON, GML, zipped Shapefile or CSV with coordinates. The service "
        "map's WFS layer palvelukartta_julkinen is recognised by its attributes; other files name theirs with "
        "--field target=ATTRIBUTE. Units are matched by their id, so a re-run updates and never duplicates; a kind "
        "set by hand is kept. Units of other municipalities, without a location or outside Helsinki are skipped "
        "and counted. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--kind",
            choices=Space.Kind.values,
            help="Kind of every unit in the files (default: from the service type, else guessed from the name).",
        )
        parser.add_argument("--field", action="append", default=[], help="target=ATTRIBUTE, e.g. id=KOHDE_ID.")
        parser.add_argument("--layer", help="The layer to read from a file with several.")
        parser.add_argument("--srid", type=int, help="The CRS of a file that names none (EPSG code).")
        parser.add_argument(
            "--origin", help='Prefix of the ids of a GIS file\'s units (default "gis:<layer>:"; the WFS layer\'s is '
            f'"{WFS_ORIGIN_PREFIX}").'
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and count, save nothing.")

    def handle(self, *args, files, kind, field, layer, srid, origin, dry_run, **options):
        items, notes, skipped, kinds_of_source = [], [], 0, set()
        try:
            explicit = parse_field_options(field)
            for path in files:
                if _is_v2_json(path):
                    found, skipped_units, warnings = read_units(read_unit_file(path), kind=kind)
                    items.extend(found)
                    skipped += len(skipped_units)
                    notes.extend(f"{path}: {note}" for note in skipped_units + warnings)
                    kinds_of_source.add("service map")
                    continue
                read = read_gis_file(path, fields=explicit, layer=layer, srid=srid, origin_prefix=origin, kind=kind)
                kinds_of_source.add(read.source_label)
                items.extend(read.items)
                skipped += read.skipped
                notes.extend(f"{path}: {note}" for note in read.notes)
            source = f"{' + '.join(sorted(kinds_of_source))}: {', '.join(files)}"
            summary = spaces_import(items=items, source=source, dry_run=dry_run)
        except (UnitFileError, SpaceImportError, ImportFileError) as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        summary.skipped = skipped
        for note in notes if options["verbosity"] > 0 else ():
            self.stdout.write(note)
        if options["verbosity"] > 0:
            self.stdout.write(summary.as_text())
