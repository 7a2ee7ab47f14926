from django.core.management.base import BaseCommand, CommandError

from luotsit.demo import DemoAreasMissing, demo_luotsit_load


class Command(BaseCommand):
    help = (
        "Load the demo luotsit: one stadiluotsi per suurpiiri and three yritysluotsit, invented people with "
        "example.org addresses and 555 phone numbers. Run after load_demo_data. Safe to run twice."
    )

    def handle(self, *args, **options):
        try:
            written = demo_luotsit_load()
        except DemoAreasMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"demo luotsit: {written['created']} created, {written['updated']} updated")
