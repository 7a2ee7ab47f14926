"""Migration 0002: existing proposals and projects keep their data and enter the area index."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("budgeting", "0001_initial")]
AFTER = [("budgeting", "0002_located")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def back_to_latest():
    """Later migrations exist: leave the schema at the newest one for the tests that follow."""
    yield
    migrate_latest()


@pytest.mark.django_db(transaction=True)
def test_existing_rows_keep_their_data_and_get_geometry_and_index(back_to_latest, demo_areas):
    old = migrate(BEFORE)
    try:
        Area = old.get_model("areas", "Area")
        round = old.get_model("budgeting", "BudgetRound").objects.create(
            year=2020, name="Old", total_sum=4_400_000, all_helsinki_share=Decimal("0.2"),
            division_id=old.get_model("areas", "DivisionType").objects.get(slug="suurpiiri").pk,
            proposals_opens=date(2020, 1, 1), proposals_closes=date(2020, 2, 1), planning_opens=date(2020, 2, 1),
            planning_closes=date(2020, 3, 1), voting_opens=date(2020, 3, 1), voting_closes=date(2020, 4, 1),
            results_on=date(2020, 4, 1), implementation_until=date(2021, 1, 1),
        )  # fmt: skip
        user = old.get_model("auth", "User").objects.create(username="old-author")
        south = Area.objects.get(division__slug="suurpiiri", code="1")
        east = Area.objects.get(division__slug="suurpiiri", code="7")
        station = Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True)
        Proposal = old.get_model("budgeting", "Proposal")
        pointed = Proposal.objects.create(
            round=round, author=user, title="Pointed", description="d", location=station, area=south, status="accepted"
        )
        area_only = Proposal.objects.create(round=round, author=user, title="Area", description="d", area=east)
        citywide = Proposal.objects.create(round=round, author=user, title="City", description="d", all_helsinki=True)
        project = old.get_model("budgeting", "Project").objects.create(
            round=round, title="Plan", description="d", cost=1234, area=east, on_ballot=True
        )
        project.proposals.add(area_only)
    finally:
        new = migrate(AFTER)
    # The models below are today's: later migrations add their columns (not this one's rows).
    migrate_latest()

    from budgeting.models import Project, Proposal

    p = Proposal.objects.get(pk=pointed.pk)
    assert (p.title, p.status, p.area_id, p.author_id) == ("Pointed", "accepted", south.pk, user.pk)
    assert p.location.equals_exact(station, 0.001) and p.geometry.equals_exact(station, 0.001)
    inset = Proposal.objects.get(pk=area_only.pk).geometry
    assert east.geometry.covers(inset) and inset.area > 0.999 * east.geometry.area
    assert Proposal.objects.get(pk=citywide.pk).geometry is None
    moved = Project.objects.get(pk=project.pk)
    assert (moved.cost, moved.on_ballot, list(moved.proposals.values_list("pk", flat=True))) == (1234, True, [area_only.pk])
    assert set(Proposal.objects.within_area(south.pk).values_list("pk", flat=True)) == {pointed.pk}
    assert set(Proposal.objects.in_areas([east.pk]).values_list("pk", flat=True)) == {area_only.pk}
    assert Project.objects.within_area(east.pk).get().pk == project.pk
    assert Proposal.objects.in_division(new.get_model("areas", "DivisionType").objects.get(slug="osa-alue").pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_reverses_without_losing_points(back_to_latest, demo_areas):
    from areas.models import AreaMembership
    from budgeting.models import Proposal

    from .conftest import CENTRAL_STATION, make_round, point
    from budgeting import services

    round = make_round(year=2019)
    from django.contrib.auth import get_user_model

    author = get_user_model().objects.create(username="reverser")
    services.proposal_create(
        round=round, author=author, title="T", description="d", location=point(CENTRAL_STATION), today=date(2019, 1, 2)
    )
    assert AreaMembership.objects.count() > 0
    old = migrate(BEFORE)
    try:
        assert old.get_model("budgeting", "Proposal").objects.get().location is not None
        assert not AreaMembership.objects.filter(content_type__app_label="budgeting").exists()
    finally:
        migrate(AFTER)
    migrate_latest()  # today's model has columns of later migrations
    assert Proposal.objects.get().geometry is not None
