from django.core.management.base import BaseCommand
from django.db import transaction

from feedback.bench import YEAR_OF_FEEDBACK, feedback_routing_bench


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark: insert a year of feedback (50 000 points) and route it in one set-based pass; rolled back unless --keep."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=YEAR_OF_FEEDBACK)
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark requests (is_demo) instead of rolling back.")

    def handle(self, *args, count, keep, **options):
        try:
            with transaction.atomic():
                result = feedback_routing_bench(count=count)
                if not keep:
                    raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"feedback routing: {result.count} points inserted in {result.insert_s:.2f} s; "
            f"assigned to areas and routed in {result.route_s:.2f} s ({result.per_second:,.0f}/s) "
            f"with {result.statements} SQL statements; {result.with_sector} with a sector, "
            f"{result.with_luotsi} with a stadiluotsi"
        )
