"""manage.py import_population FILE --division suurpiiri: population per area and year from CSV."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from areas.importing.population import PopulationFileError, read_population_file
from areas.models import DivisionType
from areas.services import area_populations_import


class Command(BaseCommand):
    help = (
        "Set the population of a division's current areas from a CSV file of one row per area and year, such as "
        "Helsinki's population per suurpiiri (suurpiiri_tunnus, year, population_sum_of_peruspiirit). The latest "
        "year in the file unless --year. Codes without a matching area stop the import; areas the file lacks keep "
        "their figures. All or nothing; a re-run changes nothing. Budget allocations already computed keep the "
        "populations they were computed from until a planner recomputes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV in UTF-8 (a BOM allowed), separated by , or ;")
        parser.add_argument("--division", required=True, help="Division slug: suurpiiri, peruspiiri, osa-alue, ...")
        parser.add_argument("--year", type=int, help="The year whose figures to set (default: the latest in the file).")
        parser.add_argument(
            "--code-column", help="Column of the area codes (default: <division>_tunnus, tunnus, code or koodi)."
        )
        parser.add_argument("--year-column", help="Column of the years (default: year, vuosi or år).")
        parser.add_argument(
            "--population-column",
            help="Column of the populations (default: population_sum_of_peruspiirit, population, vakiluku, "
            "asukasluku, ...).",
        )
        parser.add_argument(
            "--eligible-column",
            help="Column of the residents of voting age, 12 or more: the base of budgeting turnout (optional; "
            "default: eligible_population, population_12_plus, äänioikeutetut or röstberättigade when present).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")

    def handle(self, *args, **options):
        slug = options["division"]
        try:
            division = DivisionType.objects.filter(slug=slug).first()
            if division is None:
                raise PopulationFileError(
                    _("Unknown division {slug!r}; the divisions are: {slugs}.").format(
                        slug=slug, slugs=", ".join(DivisionType.objects.values_list("slug", flat=True))
                    )
                )
            table = read_population_file(
                options["file"],
                division=division.slug,
                code_column=options["code_column"],
                year_column=options["year_column"],
                population_column=options["population_column"],
                eligible_column=options["eligible_column"],
            )
            summary = area_populations_import(
                table=table, division=division, year=options["year"], dry_run=options["dry_run"]
            )
        except PopulationFileError as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        if options["verbosity"] > 0:
            for change in summary.changes:
                self.stdout.write("  " + change.as_text())
            for note in summary.warnings():
                self.stdout.write(self.style.WARNING(note))
            if summary.updated and not summary.dry_run:
                self.stdout.write(
                    _(
                        "Budget allocations already computed keep the populations they were computed from; "
                        "recompute a round's allocation (admin action or API) to use these figures."
                    )
                )
        self.stdout.write(self.style.SUCCESS(summary.as_text()))
