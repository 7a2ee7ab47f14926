from django.core.management.base import BaseCommand

from areas.demo import demo_divisions_load


class Command(BaseCommand):
    help = (
        "Load the demo data: Helsinki's suurpiirit, peruspiirit and osa-alueet with real names and codes "
        "and the city's 2022 boundaries simplified to 10 m (CC BY 4.0). Areas imported from real files are "
        "not overwritten. Safe to run twice."
    )

    def handle(self, *args, **options):
        written = demo_divisions_load()
        for slug, count in written.items():
            self.stdout.write(f"{slug}: {count} demo areas (2022 boundaries, simplified)")
