from django.core.management.base import BaseCommand

from budgeting.demo import demo_budgeting_load


class Command(BaseCommand):
    help = (
        "Load a demo OmaStadi round on the demo suurpiirit: allocation, proposals, projects and simulated "
        "ballots of fictional voters. Deterministic; a re-run replaces the demo round. Run load_demo_data first."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo_budgeting_load())
