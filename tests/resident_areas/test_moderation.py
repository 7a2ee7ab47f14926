"""Who sees and moderates a proposal, what approval does, and the geometry history."""

from __future__ import annotations

import pytest

from areas.models import Area, AreaMembership
from luotsit.selectors import luotsi_dashboard
from resident_areas.api.views import MSG_NOT_ALLOWED_EDIT, MSG_NOT_ALLOWED_MODERATE
from resident_areas.models import ResidentArea
from resident_areas.services import MSG_NOT_PROPOSED, MSG_REASON_REQUIRED

from .conftest import area, geojson_of, inner_point, square

URL = "/api/v1/resident-areas/"


@pytest.fixture
def proposal(luotsit, client_as) -> ResidentArea:
    """A proposal of users['author'] made of Kruununhaka and Kluuvi (both in peruspiiri 101)."""
    ids = [area("osa-alue", "010").pk, area("osa-alue", "020").pk]
    response = client_as("author").post(URL, {"name_fi": "Keskustan kortteli", "areas": ids}, format="json")
    assert response.status_code == 201, response.content
    return ResidentArea.objects.get(pk=response.json()["id"])


VISIBILITY = {
    "anonymous": False,
    "resident": False,
    "author": True,
    "luotsi": True,
    "other_luotsi": False,
    "planner": True,
    "admin": True,
}


@pytest.mark.django_db
class TestVisibility:
    @pytest.mark.parametrize("role,visible", VISIBILITY.items())
    def test_a_proposal(self, proposal, client_as, role, visible):
        client = client_as(role)
        assert client.get(f"{URL}{proposal.pk}/").status_code == (200 if visible else 404)
        ids = [f["id"] for f in client.get(URL).json()["features"]]
        assert (proposal.pk in ids) is visible

    @pytest.mark.parametrize("role", VISIBILITY)
    def test_an_approved_area_is_public(self, proposal, client_as, role):
        assert client_as("luotsi").post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}).status_code == 200
        assert client_as(role).get(f"{URL}{proposal.pk}/").status_code == 200

    def test_a_draft_is_the_authors_alone_among_luotsit(self, luotsit, client_as):
        shape = square(inner_point(), 200)
        response = client_as("author").post(
            URL, {"name_fi": "Luonnos", "geometry": geojson_of(shape), "srid": "3067", "submit": False}, format="json"
        )
        pk = response.json()["id"]
        assert client_as("luotsi").get(f"{URL}{pk}/").status_code == 404
        assert client_as("author").get(f"{URL}{pk}/").status_code == 200
        assert client_as("author").post(f"{URL}{pk}/submit/").json()["properties"]["state"] == "proposed"
        assert client_as("luotsi").get(f"{URL}{pk}/").status_code == 200


@pytest.mark.django_db
class TestModeration:
    @pytest.mark.parametrize("role", ["anonymous", "resident", "author", "other_luotsi"])
    def test_others_are_refused(self, proposal, client_as, role):
        response = client_as(role).post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}, format="json")
        assert response.status_code == 403
        if role not in ("anonymous",):
            assert response.json()["detail"] == str(MSG_NOT_ALLOWED_MODERATE)
        proposal.refresh_from_db()
        assert proposal.state == "proposed" and proposal.area is None

    @pytest.mark.parametrize("role", ["luotsi", "planner", "admin"])
    def test_approval_makes_an_area_of_the_resident_division(self, proposal, client_as, users, role):
        response = client_as(role).post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}, format="json")
        assert response.status_code == 200, response.content
        properties = response.json()["properties"]
        assert properties["state"] == "approved"
        assert properties["code"] == f"A-{proposal.pk}"
        proposal.refresh_from_db()
        assert proposal.moderator == users[role] and proposal.moderated_at is not None
        made = proposal.area
        assert made.division.slug == "asukasalue" and made.code == f"A-{proposal.pk}"
        assert made.geometry.equals_exact(proposal.geometry, 1e-9)
        # Usable like an official area: the areas API, its filters and the summary.
        listed = client_as("anonymous").get("/api/v1/areas/", {"division": "asukasalue"}).json()
        assert [f["properties"]["code"] for f in listed["features"]] == [made.code]
        assert client_as("anonymous").get(f"/api/v1/areas/{made.pk}/summary/").status_code == 200

    def test_rejection_needs_a_reason_which_the_author_reads(self, proposal, client_as):
        client = client_as("luotsi")
        response = client.post(f"{URL}{proposal.pk}/moderate/", {"decision": "reject"}, format="json")
        assert response.status_code == 400
        assert response.json()["detail"] == str(MSG_REASON_REQUIRED)
        response = client.post(
            f"{URL}{proposal.pk}/moderate/", {"decision": "reject", "reason": "Päällekkäin toisen kanssa."}, format="json"
        )
        assert response.status_code == 200
        body = client_as("author").get(f"{URL}{proposal.pk}/").json()["properties"]
        assert body["state"] == "rejected" and body["moderation_reason"] == "Päällekkäin toisen kanssa."
        assert not Area.objects.filter(division__slug="asukasalue").exists()
        again = client.post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}, format="json")
        assert again.status_code == 400
        assert again.json()["detail"] == str(MSG_NOT_PROPOSED.format(state="rejected"))

    def test_approval_refreshes_the_located_index(self, proposal, client_as):
        from django.contrib.gis.geos import Point

        from tests.cases.factories import case

        x, y = proposal.geometry.point_on_surface.coords
        inside = case(geometry=Point(x, y, srid=3067))
        client_as("planner").post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}, format="json")
        proposal.refresh_from_db()
        assert AreaMembership.objects.filter(area=proposal.area, object_id=inside.pk, covers=True).exists()
        summary = client_as("anonymous").get(f"/api/v1/areas/{proposal.area.pk}/summary/").json()
        assert summary["counts"]["cases"]["within"] == 1

    def test_the_luotsi_view_counts_waiting_proposals(self, proposal, luotsits_dashboard):
        own, other = luotsits_dashboard
        assert own == 1 and other == 0


@pytest.fixture
def luotsits_dashboard(proposal, luotsit, users):
    def waiting(luotsi):
        rows = luotsi_dashboard(luotsi=luotsi, user=None)
        return sum(c["count"] for row in rows for c in row["contents"] if c["key"] == "resident_area_proposals")

    return waiting(luotsit["luotsi"]), waiting(luotsit["other_luotsi"])


@pytest.mark.django_db
class TestHistory:
    def test_every_geometry_is_kept_with_who_and_when(self, proposal, client_as, users):
        shape = square(inner_point("010"), 300)
        response = client_as("author").post(
            f"{URL}{proposal.pk}/geometry/", {"geometry": geojson_of(shape), "srid": "3067"}, format="json"
        )
        assert response.status_code == 200, response.content
        response = client_as("planner").post(
            f"{URL}{proposal.pk}/geometry/", {"areas": [area("osa-alue", "010").pk]}, format="json"
        )
        assert response.status_code == 200
        history = client_as("planner").get(f"{URL}{proposal.pk}/history/", {"srid": "3067"}).json()
        assert history["type"] == "FeatureCollection"
        versions = [f["properties"] for f in history["features"]]
        assert [v["number"] for v in versions] == [3, 2, 1]
        assert [v["source"] for v in versions] == ["areas", "drawn", "areas"]
        assert [v["changed_by"] for v in versions] == ["suunnittelija", "tekija", "tekija"]
        assert all(v["changed_at"] for v in versions)
        drawn = proposal.versions.get(number=2).geometry
        assert drawn.area == pytest.approx(90_000, abs=0.01)
        # A luotsi sees the versions but not who made them.
        seen = client_as("luotsi").get(f"{URL}{proposal.pk}/history/").json()
        assert [f["properties"]["changed_by"] for f in seen["features"]] == [None, None, None]

    def test_others_cannot_change_the_geometry(self, proposal, client_as):
        shape = square(inner_point("010"), 300)
        response = client_as("luotsi").post(
            f"{URL}{proposal.pk}/geometry/", {"geometry": geojson_of(shape), "srid": "3067"}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["detail"] == str(MSG_NOT_ALLOWED_EDIT)
        assert proposal.versions.count() == 1

    def test_an_approved_areas_change_follows_to_its_area(self, proposal, client_as):
        client_as("luotsi").post(f"{URL}{proposal.pk}/moderate/", {"decision": "approve"}, format="json")
        assert client_as("author").post(
            f"{URL}{proposal.pk}/geometry/", {"areas": [area("osa-alue", "010").pk]}, format="json"
        ).status_code == 403
        response = client_as("planner").post(
            f"{URL}{proposal.pk}/geometry/", {"areas": [area("osa-alue", "010").pk]}, format="json"
        )
        assert response.status_code == 200
        proposal.refresh_from_db()
        assert proposal.area.geometry.area == pytest.approx(area("osa-alue", "010").geometry.area, rel=1e-9)
