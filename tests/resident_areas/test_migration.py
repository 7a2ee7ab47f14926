"""The move out of the areas app: an existing database keeps its proposals, their history and content types."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("areas", "0005_eligible_population")]
AFTER = [("areas", "0006_resident_areas_moved"), ("resident_areas", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_proposals_history_and_content_type_survive_the_move(back_to_latest):
    shape = MultiPolygon(Polygon.from_bbox((385000, 6672000, 385100, 6672100)), srid=3067)
    old = migrate(BEFORE)
    try:
        user = old.get_model("auth", "User").objects.create(username="old-author")
        proposal = old.get_model("areas", "ResidentArea").objects.create(
            author=user, name="Vanha", name_fi="Vanha", geometry=shape, source="drawn", state="rejected",
            moderation_reason="Liian pieni",
        )  # fmt: skip
        old.get_model("areas", "ResidentAreaVersion").objects.create(
            resident_area=proposal, number=1, geometry=shape, source="drawn", changed_by=user
        )
        ContentType = old.get_model("contenttypes", "ContentType")
        content_type, _ = ContentType.objects.get_or_create(app_label="areas", model="residentarea")
        ContentType.objects.filter(app_label="resident_areas").delete()
        permission, _ = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename="view_residentarea", defaults={"name": "Can view"}
        )
    finally:
        migrate(AFTER)

    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from resident_areas.models import ResidentArea

    CurrentContentType.objects.clear_cache()
    moved = ResidentArea.objects.get(pk=proposal.pk)
    assert (moved.name_fi, moved.state, moved.moderation_reason, moved.author_id) == ("Vanha", "rejected", "Liian pieni", user.pk)
    assert moved.geometry.equals_exact(shape, 0.001)
    assert list(moved.versions.values_list("number", "changed_by_id")) == [(1, user.pk)]
    now = CurrentContentType.objects.get_for_model(ResidentArea)
    assert (now.pk, now.app_label) == (content_type.pk, "resident_areas")
    assert not CurrentContentType.objects.filter(app_label="areas", model="residentarea").exists()
    assert Permission.objects.get(pk=permission.pk).content_type_id == now.pk
