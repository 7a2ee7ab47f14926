"""manage.py recount_budget_results --year 2024 --by admin --reason "...": the one way to change published results."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budgeting.models import BudgetRound
from budgeting.publication import result_recount


class Command(BaseCommand):
    help = (
        "Count a round's ballots again and replace its published result. Only an administrator (superuser) may; "
        "who, when, why and the result before and after are kept (admin: Recounts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The round's year.")
        parser.add_argument("--by", required=True, help="Username of the administrator who recounts.")
        parser.add_argument("--reason", required=True, help="Why the published result is recounted.")

    def handle(self, *args, year: int, by: str, reason: str, **options):
        round = BudgetRound.objects.filter(year=year).first()
        if round is None:
            raise CommandError(_("There is no budget round for {year}.").format(year=year))
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(_("There is no user {username!r}.").format(username=by))
        try:
            recount = result_recount(round=round, by=user, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        message = (
            _("{round}: recounted; the result changed.")
            if recount.before != recount.after
            else _("{round}: recounted; the result is the same.")
        )
        self.stdout.write(message.format(round=round))
