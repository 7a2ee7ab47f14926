"""A luotsi's own view, and the content-provider registry other apps plug into."""

from __future__ import annotations

import pytest

from luotsit import providers
from luotsit.api.views import MSG_NOT_A_LUOTSI

from .conftest import OWN_PHONE, area


@pytest.mark.usefixtures("demo_luotsit")
class TestOwnView:
    def test_api_lists_areas_with_counts_and_links(self, client_as, own_luotsi):
        body = client_as("luotsi").get("/api/v1/luotsit/me/").json()
        assert body["luotsi"]["name"] == "Olli Omaprofiili" and body["luotsi"]["phone"] == OWN_PHONE
        [item] = body["areas"]
        assert item["area"]["code"] == "101"
        contents = {c["key"]: c for c in item["contents"]}
        vironniemi = area("peruspiiri", "101")
        assert contents["child_areas"]["count"] == vironniemi.children.count() > 0
        assert contents["child_areas"]["url"] == f"/api/v1/areas/?parent={vironniemi.pk}"
        assert contents["resident_areas"]["count"] == 0

    def test_resident_areas_inside_are_counted(self, client_as, own_luotsi):
        from django.contrib.gis.geos import MultiPolygon, Polygon

        from areas.models import Area, DivisionType

        spot = area("osa-alue", "020").geometry.point_on_surface.buffer(50)
        Area.objects.create(
            division=DivisionType.objects.get(slug="asukasalue"),
            code="kortteli",
            name="Kortteli",
            geometry=MultiPolygon(Polygon(spot.exterior_ring.coords), srid=3067),
        )
        body = client_as("luotsi").get("/api/v1/luotsit/me/").json()
        contents = {c["key"]: c["count"] for c in body["areas"][0]["contents"]}
        assert contents["resident_areas"] == 1

    def test_signed_in_without_a_profile_is_404(self, client_as):
        response = client_as("other_luotsi").get("/api/v1/luotsit/me/")
        assert response.status_code == 404 and response.json()["detail"] == str(MSG_NOT_A_LUOTSI)

    def test_anonymous_is_refused(self, client_as):
        assert client_as("anonymous").get("/api/v1/luotsit/me/").status_code == 403

    def test_html_page(self, client, users, own_luotsi):
        # The page's language is its URL's (as on the map pages), whatever the client asks for.
        response = client.get("/luotsit/me/")
        assert (response.status_code, response["Location"]) == (302, "/kirjaudu/?next=%2Fluotsit%2Fme%2F")
        response = client.get("/en/luotsit/me/")
        assert (response.status_code, response["Location"]) == (302, "/en/kirjaudu/?next=%2Fen%2Fluotsit%2Fme%2F")
        client.force_login(users["resident"])
        assert client.get("/luotsit/me/").status_code == 404
        client.force_login(users["luotsi"])
        page = client.get("/luotsit/me/").content.decode()
        assert "Olli Omaprofiili" in page and "Vironniemi" in page
        assert f'href="/api/v1/areas/?parent={area("peruspiiri", "101").pk}"' in page
        assert "http://" not in page and "https://" not in page  # no third-party assets

    def test_another_app_plugs_in_without_editing_luotsit(self, client_as, own_luotsi):
        def pending_cases(*, areas, user=None):
            return [
                providers.AreaContent(area_id=a.pk, key="pending_cases", label="Pending cases", count=3, url="/cases/")
                for a in areas
            ]

        providers.content_provider_register(pending_cases)
        try:
            body = client_as("luotsi").get("/api/v1/luotsit/me/").json()
        finally:
            providers.content_provider_unregister(pending_cases)
        contents = {c["key"]: c for c in body["areas"][0]["contents"]}
        assert contents["pending_cases"] == {"key": "pending_cases", "label": "Pending cases", "count": 3, "url": "/cases/"}
        assert pending_cases not in providers.content_providers()


class TestDemoCommand:
    def test_idempotent(self, demo_luotsit):
        from django.core.management import call_command

        from luotsit.models import Luotsi

        before = list(Luotsi.objects.order_by("pk").values_list("pk", "name", "email"))
        call_command("load_demo_luotsit", verbosity=0)
        assert list(Luotsi.objects.order_by("pk").values_list("pk", "name", "email")) == before
        assert len(before) == 11 and all(email.endswith("@example.org") for _, _, email in before)
        assert Luotsi.objects.filter(role="stadiluotsi").count() == 8
        assert Luotsi.objects.filter(publish_phone=False).exists()

    def test_needs_the_demo_areas(self, db):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="run load_demo_data first"):
            call_command("load_demo_luotsit", verbosity=0)
