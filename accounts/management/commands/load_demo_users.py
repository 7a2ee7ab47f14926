from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DemoDataMissing, demo_users_load


class Command(BaseCommand):
    help = (
        "Create the demo users (resident, a resident who turns 12 on the demo voting day, the luotsi of "
        "suurpiiri 1, a planner, an admin) and print their public passwords. Run after load_demo_budgeting "
        "and load_demo_luotsit. Never in production: it refuses to start while they exist."
    )

    def handle(self, *args, **options):
        try:
            users = demo_users_load()
        except DemoDataMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo users (sign in at /kirjaudu/):")
        for user in users:
            self.stdout.write(f"  {user.username:<20} {user.password:<30} {user.role}")
