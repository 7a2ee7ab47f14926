from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgeting.models import BudgetRound
from budgeting.omastadi import OmaStadiFileError, read_omastadi
from budgeting.services import OmaStadiImportError, omastadi_proposals_import


class Command(BaseCommand):
    help = (
        "Import proposals exported from OmaStadi (Decidim) as CSV or JSON into a round: id, title, body, "
        "latitude/longitude or POINT(lon lat), area (scope) name, state, budget. Each goes to the budget area of "
        "its point; points shared by many proposals (Decidim's default pin) count as no location, and those "
        "go to the area their label names, else to all of Helsinki. Matched by the Decidim id, so a re-run "
        "updates and never duplicates. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int, required=True, help="The round's year.")
        parser.add_argument("--dry-run", action="store_true", help="Read and report, save nothing.")

    def handle(self, *args, path: Path, year: int, dry_run: bool, **options):
        round = BudgetRound.objects.filter(year=year).first()
        if round is None:
            raise CommandError(f"There is no budget round for {year}.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
        try:
            proposals = read_omastadi(data, filename=path.name)
            summary = omastadi_proposals_import(round=round, proposals=proposals, dry_run=dry_run)
        except (OmaStadiFileError, OmaStadiImportError) as exc:
            raise CommandError(f"{exc} Nothing was imported.") from None
        self.stdout.write(summary.as_text())
