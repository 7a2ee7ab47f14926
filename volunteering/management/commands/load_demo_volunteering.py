from django.core.management.base import BaseCommand

from volunteering.demo import demo_volunteering_load


class Command(BaseCommand):
    help = "Load the demo volunteering organisers and opportunities (fictional, inside the demo areas). Safe to run twice."

    def handle(self, *args, **options):
        self.stdout.write("demo volunteering: " + demo_volunteering_load().as_text())
