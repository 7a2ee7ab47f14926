"""The demo users of `make run`, and production's refusal to start while they exist."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.checks import DEMO_USERS_IN_PRODUCTION, refuse_demo_users_in_production
from accounts.demo import DEMO_USERNAMES, DEMO_USERS
from accounts.demo import HOME_SUURPIIRI
from areas.models import Area
from budgeting.eligibility import age_on, voter_is_eligible
from budgeting.models import BudgetRound, Voter
from geo_osallisuus import roles
from luotsit.models import Luotsi
from tests.conftest import REFERENCE_DATA_MIGRATIONS

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data once for the module (the budget round takes seconds), rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            for module in REFERENCE_DATA_MIGRATIONS:
                importlib.import_module(module).create(apps, None)
            for command in ("load_demo_data", "load_demo_luotsit", "load_demo_budgeting"):
                call_command(command, verbosity=0)
            out = StringIO()
            call_command("load_demo_users", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_users(demo_world, db) -> str:
    return demo_world


def test_the_command_prints_every_user_and_password(demo_users):
    for user in DEMO_USERS:
        assert re.search(rf"^\s+{re.escape(user.username)}\s+{re.escape(user.password)}\s", demo_users, re.M)


def test_the_readme_lists_the_same_users_and_passwords():
    text = README.read_text()
    for user in DEMO_USERS:
        assert f"| `{user.username}` | `{user.password}` |" in text


@pytest.mark.parametrize(
    ("username", "role"),
    [("demo.asukas", roles.RESIDENT), ("demo.nuori", roles.RESIDENT), ("demo.luotsi", roles.LUOTSI),
     ("demo.suunnittelija", roles.PLANNER), ("demo.yllapitaja", roles.ADMIN)],
)  # fmt: skip
def test_each_demo_user_signs_in_and_lands_on_their_own_page(demo_users, username, role):
    demo = next(user for user in DEMO_USERS if user.username == username)
    client = Client()
    response = client.post("/kirjaudu/", {"username": demo.username, "password": demo.password})
    assert (response.status_code, response["Location"]) == (302, "/oma-sivu/")
    assert client.get("/oma-sivu/").status_code == 200
    assert roles.user_role(response.wsgi_request.user) == role


def test_the_young_resident_turns_the_voting_age_on_the_first_voting_day(demo_users):
    today = timezone.localdate()
    round = BudgetRound.objects.get(is_demo=True, voting_opens__lte=today, voting_closes__gte=today)
    voter = Voter.objects.get(user__username="demo.nuori")
    assert age_on(birth_date=voter.birth_date, day=round.voting_opens) == round.voting_age
    assert age_on(birth_date=voter.birth_date, day=round.voting_opens - timedelta(days=1)) == round.voting_age - 1
    assert voter.is_resident
    assert 12 <= age_on(birth_date=voter.birth_date, day=today) <= 17


@pytest.mark.parametrize("username", ["demo.asukas", "demo.nuori"])
def test_the_demo_residents_may_vote_today_in_the_voting_round(demo_users, username):
    today = timezone.localdate()
    round = BudgetRound.objects.get(is_demo=True, voting_opens__lte=today, voting_closes__gte=today)
    voter = Voter.objects.get(user__username=username)
    assert voter_is_eligible(birth_date=voter.birth_date, is_resident=voter.is_resident, day=today, voting_age=round.voting_age)
    assert Area.objects.get(division__slug="suurpiiri", code=HOME_SUURPIIRI).geometry.covers(voter.home_point)


def test_the_demo_luotsi_is_linked_to_the_luotsi_of_suurpiiri_1(demo_users):
    luotsi = Luotsi.objects.get(user__username="demo.luotsi")
    assert list(luotsi.areas.values_list("division__slug", "code")) == [("suurpiiri", "1")]
    client = Client()
    client.force_login(luotsi.user)
    assert luotsi.name in client.get("/luotsit/me/").content.decode()


def test_running_the_command_again_changes_nothing(demo_users):
    call_command("load_demo_users", stdout=StringIO())
    assert Voter.objects.filter(user__username__startswith="demo.").count() == 2


def test_production_refuses_to_start_while_demo_users_exist(demo_users, settings):
    assert not [e for e in run_checks() if e.id == DEMO_USERS_IN_PRODUCTION]
    settings.GEO_ENV = "production"
    assert [e.id for e in run_checks() if e.id == DEMO_USERS_IN_PRODUCTION] == [DEMO_USERS_IN_PRODUCTION]
    with pytest.raises(ImproperlyConfigured, match="demo.asukas"):
        refuse_demo_users_in_production()


def test_production_starts_without_them(demo_users, settings):
    get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
    settings.GEO_ENV = "production"
    refuse_demo_users_in_production()
    assert not [e for e in run_checks() if e.id == DEMO_USERS_IN_PRODUCTION]


@pytest.mark.parametrize(
    ("username", "enters"),
    [("demo.asukas", False), ("demo.nuori", False), ("demo.luotsi", False),
     ("demo.suunnittelija", True), ("demo.yllapitaja", True)],
)  # fmt: skip
def test_the_demo_planner_and_admin_enter_the_admin_site_and_no_one_else(demo_users, username, enters):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/admin/")
    assert (response.status_code == 200) is enters, response.status_code
    assert enters or response["Location"].startswith("/admin/login/")
