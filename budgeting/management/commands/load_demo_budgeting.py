from django.core.management.base import BaseCommand, CommandError

from areas.importing.readers import MSG_NOTHING_CHANGED
from budgeting.demo import DemoBudgetingError, demo_budgeting_load


class Command(BaseCommand):
    help = (
        "Load a demo OmaStadi round on the demo suurpiirit: allocation, proposals, projects and simulated "
        "ballots of fictional voters. Deterministic; a re-run replaces the demo round. Run load_demo_data first."
    )

    def handle(self, *args, **options):
        try:
            self.stdout.write(demo_budgeting_load())
        except DemoBudgetingError as exc:
            raise CommandError(f"{exc} {MSG_NOTHING_CHANGED}") from None
