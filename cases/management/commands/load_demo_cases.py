from django.core.management.base import BaseCommand

from cases.demo import demo_cases_load


class Command(BaseCommand):
    help = (
        "Load the demo address register (approximate points; only where no real register is) and a few hundred demo pending cases, placed by "
        "the geolocator from their titles. Deterministic; safe to run twice. Run after load_demo_data."
    )

    def handle(self, *args, **options):
        self.stdout.write("demo cases: " + demo_cases_load().as_text())
