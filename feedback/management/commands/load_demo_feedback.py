from django.core.management.base import BaseCommand

from feedback.demo import demo_feedback_load
from initiatives.demo import demo_initiatives_load


class Command(BaseCommand):
    help = "Load the demo sectors, feedback services, routing rules, requests and initiatives (replaced on every run)."

    def handle(self, *args, **options):
        feedback = demo_feedback_load()
        initiatives = demo_initiatives_load()
        self.stdout.write(
            f"demo feedback: {feedback['sectors']} sectors, {feedback['services']} services, "
            f"{feedback['requests']} requests routed; {initiatives['initiatives']} initiatives"
        )
