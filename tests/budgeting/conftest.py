"""Budgeting fixtures: a round on the demo suurpiirit, users, voters, projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point

from areas.models import Area, DivisionType
from budgeting import services
from budgeting.models import BudgetRound, Voter

# Points in EPSG:4326 (lon, lat) inside demo suurpiirit.
CENTRAL_STATION = (24.9384, 60.1699)  # Eteläinen (1)
ITAKESKUS = (25.0823, 60.2100)  # Itäinen (7)
ESPOO = (24.6559, 60.2055)  # outside Helsinki

VOTING_DAY = date(2025, 10, 15)


def point(lonlat) -> Point:
    return Point(*lonlat, srid=4326)


def make_round(year: int = 2025, **overrides) -> BudgetRound:
    values = dict(
        year=year,
        name=f"OmaStadi {year}",
        total_sum=4_400_000,
        all_helsinki_share=Decimal("0.2"),
        voting_age=12,
        division=DivisionType.objects.get(slug="suurpiiri"),
        proposals_opens=date(year, 1, 1),
        proposals_closes=date(year, 3, 31),
        planning_opens=date(year, 4, 1),
        planning_closes=date(year, 9, 30),
        voting_opens=date(year, 10, 1),
        voting_closes=date(year, 10, 31),
        results_on=date(year, 11, 5),
        implementation_until=date(year + 2, 12, 31),
    )
    values.update(overrides)
    return BudgetRound.objects.create(**values)


def suurpiiri(code: str) -> Area:
    return Area.objects.get(division__slug="suurpiiri", code=code)


def set_phase(round: BudgetRound, phase: str, today: date | None = None) -> BudgetRound:
    """Move the round's dates so that `today` (default: the real today) is in `phase`
    (proposals, voting, counting or results)."""
    from datetime import timedelta

    from django.utils import timezone

    today = today or timezone.localdate()
    # Ten days per phase; today lies in the middle of the asked one.
    base = today - timedelta(days={"proposals": 5, "voting": 25, "counting": 35, "results": 45}[phase])
    day = lambda n: base + timedelta(days=n)  # noqa: E731
    round.proposals_opens, round.proposals_closes = day(0), day(9)
    round.planning_opens, round.planning_closes = day(10), day(19)
    round.voting_opens, round.voting_closes = day(20), day(29)
    round.results_on, round.implementation_until = day(40), day(400)
    round.save()
    return round


@pytest.fixture
def budget_round(demo_areas) -> BudgetRound:
    """4.4 M EUR, 20 % all-Helsinki, Östersundom (8) counted with Itäinen (7), allocation computed."""
    round = make_round()
    services.round_merge_add(round=round, area=suurpiiri("8"), into=suurpiiri("7"))
    services.allocation_compute(round=round)
    return round


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def _make(username: str | None = None, *, planner: bool = False):
        user = get_user_model().objects.create_user(username=username or f"user{next(counter)}", password="x")
        if planner:
            user.groups.add(Group.objects.get_or_create(name="planner")[0])
        return user

    return _make


@pytest.fixture
def make_voter(make_user):
    def _make(*, birth_date=date(1990, 6, 1), home=CENTRAL_STATION, is_resident=True, user=None):
        return Voter.objects.create(
            user=user or make_user(),
            birth_date=birth_date,
            home_point=point(home).transform(3067, clone=True) if home else None,
            is_resident=is_resident,
        )

    return _make


@pytest.fixture
def make_project(budget_round):
    def _make(*, cost=100_000, area_code: str | None = "1", title="Project", on_ballot=True, round=None):
        round = round or budget_round
        project = services.project_create(
            round=round,
            title=title,
            description="A plan.",
            cost=cost,
            area=suurpiiri(area_code) if area_code else None,
            all_helsinki=area_code is None,
        )
        if on_ballot:
            # Entered while planning: from the day voting opens the ballot is frozen.
            services.project_enter_vote(project=project, today=round.planning_closes)
        return project

    return _make
