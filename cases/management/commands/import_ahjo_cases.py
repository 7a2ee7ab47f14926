from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.ahjo import AhjoFileError, read_ahjo_file
from cases.services import CaseImportRefused, HandledWindow, ahjo_cases_import


def moment(value: str) -> datetime:
    """A date ("2026-11-27", midnight in Helsinki) or a date and time for --handledsince/--handledbefore."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(_("{value!r} is not a date such as 2026-11-27.").format(value=value)) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


class Command(BaseCommand):
    help = (
        "Import cases from Ahjo API JSON files (a {\"cases\": [...]} page, a list, or one case); together the files "
        "are the whole listing. Cases without PublicityClass are public (Ahjo's listings hold public cases only); "
        "an explicit non-public class is left out and removed. Sub-cases (HEL-2021-009907-Lausunto-1) are kept and "
        "linked to their parent case. Cases are matched by their Ahjo id, so a re-run updates and never duplicates. "
        "Stored cases missing from the listing are removed; with --handledsince/--handledbefore (the window the "
        "listing was fetched for, e.g. weekly), only those last handled inside it. Removing more than "
        "IMPORT_MAX_DELETE_SHARE of them needs --allow-mass-delete. All or nothing: a malformed file or case stops "
        "the import and nothing changes, unless --skip-bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Ahjo JSON files.")
        parser.add_argument("--no-geolocate", action="store_true", help="Do not place cases from their text.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report without saving.")
        parser.add_argument(
            "--handledsince", type=moment, help="Incremental: the listing holds the cases handled from this date on."
        )
        parser.add_argument("--handledbefore", type=moment, help="Incremental: ... and before this date.")
        parser.add_argument("--allow-mass-delete", action="store_true", help="Remove missing cases however many.")
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Skip and report unreadable cases instead of stopping (then nothing missing is removed).",
        )

    def handle(self, *args, files, handledsince, handledbefore, skip_bad, **options):
        if handledsince and handledbefore and handledsince >= handledbefore:
            raise CommandError(_("--handledsince must be before --handledbefore."))
        cases, problems = [], [] if skip_bad else None
        try:
            for path in files:
                cases.extend(read_ahjo_file(path, problems=problems))
        except AhjoFileError as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        window = HandledWindow(since=handledsince, before=handledbefore) if handledsince or handledbefore else None
        try:
            summary = ahjo_cases_import(
                cases=cases,
                source="Ahjo: " + ", ".join(files),
                geolocate=not options["no_geolocate"],
                dry_run=options["dry_run"],
                window=window,
                allow_mass_delete=options["allow_mass_delete"],
                skipped_bad=len(problems or []),
            )
        except CaseImportRefused as exc:
            raise CommandError(str(exc)) from None
        for problem in problems or []:
            self.stderr.write(_("Skipped: {problem}").format(problem=problem))
        if options["verbosity"] > 0:
            self.stdout.write(summary.as_text())
        if summary.unlocated_ids and options["verbosity"] > 1:
            self.stdout.write(_("Unlocated: {ids}").format(ids=", ".join(summary.unlocated_ids)))
