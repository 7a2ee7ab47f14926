from django.core.management.base import BaseCommand

from events.demo import demo_events_load


class Command(BaseCommand):
    help = "Load the demo area events (fictional, inside the demo areas, counted from today). Safe to run twice."

    def handle(self, *args, **options):
        self.stdout.write("demo events: " + demo_events_load().as_text())
