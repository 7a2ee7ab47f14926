from django.core.management.base import BaseCommand, CommandError

from cases.ahjo import AhjoFileError, read_ahjo_file
from cases.services import ahjo_cases_import


class Command(BaseCommand):
    help = (
        "Import cases from Ahjo API JSON files (a {\"cases\": [...]} page, a list, or one case). "
        "Only public cases are stored; cases are matched by their Ahjo id, so a re-run updates and never "
        "duplicates. Cases without a planner's location are geolocated from their title against the address "
        "register and area names. All or nothing: any malformed file or case stops the import and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Ahjo JSON files.")
        parser.add_argument("--no-geolocate", action="store_true", help="Do not place cases from their text.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report without saving.")

    def handle(self, *args, files, no_geolocate, dry_run, **options):
        cases = []
        try:
            for path in files:
                cases.extend(read_ahjo_file(path))
        except AhjoFileError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from None
        source = "Ahjo: " + ", ".join(files)
        summary = ahjo_cases_import(cases=cases, source=source, geolocate=not no_geolocate, dry_run=dry_run)
        if options["verbosity"] > 0:
            self.stdout.write(summary.as_text())
        if summary.unlocated_ids and options["verbosity"] > 1:
            self.stdout.write("Unlocated: " + ", ".join(summary.unlocated_ids))
