from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spaces.models import Space
from spaces.servicemap import UnitFileError, read_unit_file, read_units
from spaces.services import SpaceImportError, spaces_import


class Command(BaseCommand):
    help = (
        "Import city spaces from the service map's v2 unit JSON (a {\"results\": [...]} page, a list or one "
        "unit). Units are matched by their service map id, so a re-run updates and never duplicates. Units "
        "without a location or outside Helsinki are skipped and reported. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--kind",
            choices=Space.Kind.values,
            help="Kind of every unit in the files (default: guessed from the Finnish name).",
        )

    def handle(self, *args, files, kind, **options):
        items, notes, skipped = [], [], 0
        try:
            for path in files:
                found, skipped_units, warnings = read_units(read_unit_file(path), kind=kind)
                items.extend(found)
                skipped += len(skipped_units)
                notes.extend(f"{path}: {note}" for note in skipped_units + warnings)
            summary = spaces_import(items=items, source="service map: " + ", ".join(files))
        except (UnitFileError, SpaceImportError) as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        summary.skipped = skipped
        for note in notes if options["verbosity"] > 0 else ():
            self.stdout.write(note)
        if options["verbosity"] > 0:
            self.stdout.write(summary.as_text())
