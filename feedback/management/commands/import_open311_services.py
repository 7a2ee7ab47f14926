from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from feedback.open311_services import (
    FALLBACK_ENCODINGS,
    LANGUAGES,
    ServiceListError,
    merge_service_lists,
    read_service_list,
)
from feedback.services import ServiceImportError, service_list_import


class Command(BaseCommand):
    help = (
        "Import feedback services from Open311 GeoReport v2 service lists (services.json), one file per language, "
        "joined by service_code. Services are matched by their code, so a re-run updates and never duplicates; "
        "services missing from the list are reported and never deleted. All or nothing: any malformed file or "
        "service stops the import and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fi", required=True, metavar="FILE", help="The Finnish service list (required).")
        parser.add_argument("--sv", metavar="FILE", help="The Swedish service list.")
        parser.add_argument("--en", metavar="FILE", help="The English service list.")
        parser.add_argument(
            "--sector",
            metavar="CODE",
            help="Default sector of the services the run creates (required when it creates any); "
            "existing services keep theirs.",
        )
        parser.add_argument(
            "--fallback-encoding",
            choices=FALLBACK_ENCODINGS,
            help="Read a file that is not valid UTF-8 in this encoding, and say so (Helsinki's Swedish list is "
            "cp1252). Without it such a file is refused. UTF-8 files are read as UTF-8 in any case.",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Make the services that the list lacks inactive (they take no new feedback), and the listed "
            "ones active. Without it, missing services are only reported and activity is left as it is.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report without saving.")

    def handle(self, *args, sector, fallback_encoding, deactivate_missing, dry_run, **options):
        files = {lang: options[lang] for lang in LANGUAGES if options.get(lang)}
        notes: list[str] = []
        try:
            lists = {lang: read_service_list(path, fallback_encoding=fallback_encoding) for lang, path in files.items()}
            for service_list in lists.values():
                notes.extend(service_list.notes)
            items, merge_notes = merge_service_lists(lists)
            notes.extend(merge_notes)
            summary = service_list_import(
                items=items, sector_code=sector, deactivate_missing=deactivate_missing, dry_run=dry_run
            )
        except (ServiceListError, ServiceImportError) as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        if options["verbosity"] > 0:
            for note in [*notes, *summary.notes()]:
                self.stdout.write(str(note))
            self.stdout.write(summary.as_text())
        if options["verbosity"] > 1:
            if summary.created_codes:
                self.stdout.write(_("Created: {codes}").format(codes=", ".join(summary.created_codes)))
            if summary.updated_codes:
                self.stdout.write(_("Updated: {codes}").format(codes=", ".join(summary.updated_codes)))
