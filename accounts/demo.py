"""Demo users, one per role, with passwords that are public (README): for `make run` only.

Production refuses to start while any of them exists (accounts.checks).
Both residents are voters of the demo round voting today (budgeting.demo):
the young one turned 12, the voting age, on its first voting day, so the demo
shows the age rule at its limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from areas.models import Area
from budgeting.models import BudgetRound, Voter
from geo_osallisuus import roles
from luotsit.models import Luotsi
from luotsit.services import luotsi_update

# The stadiluotsi of suurpiiri 1 in luotsit.demo.
DEMO_LUOTSI_EMAIL = "aino.esimerkki@example.org"
HOME_SUURPIIRI = "1"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str


DEMO_USERS = (
    DemoUser("demo.asukas", "asukas-demo-salasana", "resident"),
    DemoUser("demo.nuori", "nuori-demo-salasana", "resident, turned 12 on the demo round's first voting day"),
    DemoUser("demo.luotsi", "luotsi-demo-salasana", "luotsi of suurpiiri 1"),
    DemoUser("demo.suunnittelija", "suunnittelija-demo-salasana", "planner"),
    DemoUser("demo.yllapitaja", "yllapitaja-demo-salasana", "admin"),
)
DEMO_USERNAMES = tuple(user.username for user in DEMO_USERS)


class DemoDataMissing(RuntimeError):
    pass


def _years_before(day, years: int):
    # 29 February has no counterpart in a common year: the day before it.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def demo_users_load() -> tuple[DemoUser, ...]:
    """Creates or resets the demo users; safe to run twice."""
    today = timezone.localdate()
    # The round voting today (load_demo_budgeting makes one); else the latest demo round.
    demo_rounds = BudgetRound.objects.filter(is_demo=True).order_by("-year")
    demo_round = (
        demo_rounds.filter(voting_opens__lte=today, voting_closes__gte=today).first() or demo_rounds.first()
    )
    luotsi = Luotsi.objects.filter(email=DEMO_LUOTSI_EMAIL).first()
    home_area = Area.objects.filter(division__slug="suurpiiri", code=HOME_SUURPIIRI).first()
    if demo_round is None or luotsi is None or home_area is None:
        raise DemoDataMissing("run load_demo_data, load_demo_luotsit and load_demo_budgeting first")
    users = {}
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=demo.username)
        user.set_password(demo.password)
        user.is_superuser = demo.username == "demo.yllapitaja"
        # The planner is staff to enter the admin, limited there by the planner group (roles.py).
        user.is_staff = user.is_superuser or demo.username == "demo.suunnittelija"
        user.save()
        users[demo.username] = user
    home = home_area.geometry.point_on_surface
    Voter.objects.update_or_create(
        user=users["demo.asukas"], defaults={"birth_date": _years_before(demo_round.voting_opens, 35), "home_point": home, "is_resident": True}
    )
    Voter.objects.update_or_create(
        user=users["demo.nuori"],
        defaults={
            "birth_date": _years_before(demo_round.voting_opens, demo_round.voting_age),
            "home_point": home,
            "is_resident": True,
        },
    )
    users["demo.suunnittelija"].groups.add(Group.objects.get_or_create(name=roles.PLANNER_GROUP)[0])
    if luotsi.user_id != users["demo.luotsi"].pk:
        luotsi_update(luotsi=luotsi, user=users["demo.luotsi"])
    return DEMO_USERS
