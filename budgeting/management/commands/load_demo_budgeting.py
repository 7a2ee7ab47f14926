from django.core.management.base import BaseCommand, CommandError

from areas.importing.readers import MSG_NOTHING_CHANGED
from budgeting.demo import DemoBudgetingError, demo_budgeting_load


class Command(BaseCommand):
    help = (
        "Load demo OmaStadi rounds on the demo suurpiirit: a past round with simulated ballots of fictional "
        "voters and published results, this year's round voting today and next year's taking proposals today. "
        "Deterministic for a given day; a re-run replaces the demo rounds. Run load_demo_data first."
    )

    def handle(self, *args, **options):
        try:
            self.stdout.write(demo_budgeting_load())
        except DemoBudgetingError as exc:
            raise CommandError(f"{exc} {MSG_NOTHING_CHANGED}") from None
