from django.core.management.base import BaseCommand

from cases.services import cases_geolocate


class Command(BaseCommand):
    help = (
        "Place every case again from its text (title, or its records' titles) against the address register "
        "and area names, e.g. after importing addresses or divisions. Cases with a planner's or imported "
        "location are left alone."
    )

    def handle(self, *args, **options):
        self.stdout.write(cases_geolocate().as_text())
