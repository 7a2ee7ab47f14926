from django.core.management.base import BaseCommand

from spaces.demo import demo_spaces_load


class Command(BaseCommand):
    help = "Load the demo city spaces (illustrative positions, hours and prices). Deterministic; safe to run twice."

    def handle(self, *args, **options):
        self.stdout.write("demo spaces: " + demo_spaces_load().as_text())
