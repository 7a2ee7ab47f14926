from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from areas.models import Area
from budgeting.models import BudgetRound
from budgeting.voting import PaperImportError, paper_ballots_import


class Command(BaseCommand):
    help = (
        "Import one area's paper ballots from CSV (columns: reference, projects — project ids separated by "
        "spaces or semicolons). All or nothing; a re-run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int, required=True, help="The round's year.")
        parser.add_argument("--area", required=True, help="Code of the budget area, e.g. 7.")

    def handle(self, *args, path: Path, year: int, area: str, **options):
        round = BudgetRound.objects.filter(year=year).first()
        if round is None:
            raise CommandError(_("There is no budget round for {year}.").format(year=year))
        budget_area = Area.objects.filter(division_id=round.division_id, code=area).first()
        if budget_area is None:
            raise CommandError(_("Round {year} has no area with code {area!r}.").format(year=year, area=area))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(_("Cannot read {path}: the file is not UTF-8 text.").format(path=path)) from None
        except OSError as exc:
            raise CommandError(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
        try:
            summary = paper_ballots_import(round=round, area=budget_area, text=text)
        except PaperImportError as exc:
            raise CommandError(_("Nothing was imported:") + "\n" + "\n".join(exc.errors)) from None
        self.stdout.write(summary.as_text())
