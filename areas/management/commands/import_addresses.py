from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from areas.geometry import GeometryError, parse_srid
from areas.importing.addresses import read_address_file
from areas.importing.readers import ImportFileError
from areas.services import addresses_import


class Command(BaseCommand):
    help = (
        "Import the address register that places text on the map: Helsinki's address list as CSV "
        "(katunimi, gatan, osoitenumero, osoitekirjain, postinumero, e, n in EPSG:3879), the service map's "
        "address JSON, or GeoJSON points. Matched by street and number, so a re-run updates in place. "
        "All or nothing. Run geolocate_cases afterwards to place cases again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--srid", help="CRS of CSV coordinates (default 3879, or 4326 for lon/lat columns).")
        parser.add_argument(
            "--replace", action="store_true", help="Remove addresses from an earlier import of this file it lacks."
        )

    def handle(self, *args, file, srid, replace, **options):
        try:
            rows, outside = read_address_file(file, srid=parse_srid(srid) if srid else None)
        except (ImportFileError, GeometryError) as exc:
            raise CommandError(f"{file}: " + _("{error} Nothing was imported.").format(error=exc)) from None
        summary = addresses_import(rows=rows, source=f"file: {file}", replace=replace)
        summary.outside = outside
        if options["verbosity"] > 0:
            self.stdout.write(summary.as_text())
