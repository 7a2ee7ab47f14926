""""Touches my area" has a tolerance: a boundary sliver left by re-imported boundaries does not make a
neighbouring district's luotsi a moderator; a real overlap above the share does. One rule for the
queue, the list, the `touches` filter and the permission (resident_areas.selectors)."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Polygon

from areas.models import Area
from luotsit import services as luotsi_services
from luotsit.models import Role
from luotsit.selectors import luotsi_dashboard
from resident_areas.api.views import MSG_NOT_ALLOWED_MODERATE
from resident_areas.models import ResidentArea

from .conftest import area, geojson_of, inner_point, square

URL = "/api/v1/resident-areas/"
SIDE = 100.0  # the resident area: a 100 m square, 10 000 m², wholly inside Eteläinen
SHARE = 0.001


@pytest.fixture
def world(demo_areas, users, client_as, settings):
    settings.RESIDENT_AREA_MIN_OVERLAP_SHARE = SHARE
    shape = square(inner_point("010"), SIDE)
    assert area("suurpiiri", "1").geometry.contains(shape)
    keskinen = area("suurpiiri", "3")
    assert not keskinen.geometry.intersects(shape)
    luotsi = luotsi_services.luotsi_create(
        role=Role.STADILUOTSI, name="Kaisa Keskinen", user=users["other_luotsi"], areas=[keskinen]
    )
    response = client_as("author").post(URL, {"name_fi": "Kortteli", "geometry": geojson_of(shape), "srid": "3067"}, format="json")
    assert response.status_code == 201, response.content
    return {"proposal": ResidentArea.objects.get(), "keskinen": keskinen, "luotsi": luotsi, "shape": shape}


def keskinen_reaches_in(world, overlap_m2: float) -> None:
    """Keskinen, as re-imported from another file, reaches `overlap_m2` into the proposal along its west edge."""
    xmin, ymin, _xmax, ymax = world["shape"].extent
    width = overlap_m2 / SIDE
    strip = Polygon(((xmin, ymin), (xmin + width, ymin), (xmin + width, ymax), (xmin, ymax), (xmin, ymin)), srid=3067)
    keskinen = world["keskinen"]
    Area.objects.filter(pk=keskinen.pk).update(geometry=keskinen.geometry.union(strip))
    shared = Area.objects.get(pk=keskinen.pk).geometry.intersection(world["proposal"].geometry).area
    assert shared == pytest.approx(overlap_m2, rel=1e-3)


def moderating(world, client_as) -> dict:
    proposal, luotsi = world["proposal"], world["luotsi"]
    client = client_as("other_luotsi")
    queue = sum(
        c["count"]
        for row in luotsi_dashboard(luotsi=luotsi, user=None)
        for c in row["contents"]
        if c["key"] == "resident_area_proposals"
    )
    touching = client_as("planner").get(URL, {"state": "proposed", "touches": world["keskinen"].pk}).json()
    listed = client.get(URL).json()
    reject = client.post(f"{URL}{proposal.pk}/moderate/", {"decision": "reject", "reason": "Ei meidän."}, format="json")
    return {
        "queue": queue,
        "touches": [f["id"] for f in touching["features"]],
        "listed": [f["id"] for f in listed["features"]],
        "reject": reject.status_code,
        "message": reject.json().get("detail"),
    }


def refused(world, seen) -> None:
    assert seen == {"queue": 0, "touches": [], "listed": [], "reject": 403, "message": str(MSG_NOT_ALLOWED_MODERATE)}
    assert ResidentArea.objects.get().state == "proposed"


@pytest.mark.django_db
class TestTolerance:
    def test_a_sliver_of_a_re_imported_boundary_is_no_overlap(self, world, client_as):
        keskinen_reaches_in(world, 1.1e-06)
        refused(world, moderating(world, client_as))

    def test_just_below_the_share(self, world, client_as):
        keskinen_reaches_in(world, SHARE * SIDE * SIDE * 0.98)
        refused(world, moderating(world, client_as))

    def test_just_above_the_share(self, world, client_as):
        keskinen_reaches_in(world, SHARE * SIDE * SIDE * 1.02)
        pk = world["proposal"].pk
        seen = moderating(world, client_as)
        assert seen["queue"] == 1 and seen["touches"] == [pk] and seen["listed"] == [pk]
        assert seen["reject"] == 200 and ResidentArea.objects.get().state == "rejected"

    def test_the_share_comes_from_the_settings(self, world, client_as, settings):
        keskinen_reaches_in(world, SHARE * SIDE * SIDE * 1.02)
        settings.RESIDENT_AREA_MIN_OVERLAP_SHARE = SHARE * 1.05
        refused(world, moderating(world, client_as))
