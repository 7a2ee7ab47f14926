"""Publication rules: an unpublished contact never appears in a public response."""

from __future__ import annotations

import pytest

from luotsit import selectors

from .conftest import OWN_PHONE, PUBLIC_EMAIL, SECRET_EMAIL, SECRET_PHONE, area

# The phone as written and as digits only, so that no reformatting slips through.
SECRETS = (SECRET_PHONE, SECRET_PHONE.replace(" ", ""), "5550199", SECRET_EMAIL, "salla.jpg")


def assert_no_secret(response) -> None:
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked from {response.request['PATH_INFO']}"


@pytest.mark.usefixtures("demo_luotsit")
class TestNeverPublished:
    @pytest.mark.parametrize("role", ["anonymous", "resident", "other_luotsi", "luotsi"])
    def test_no_public_response_shows_an_unpublished_contact(self, client_as, role, secret_luotsi, own_luotsi):
        client = client_as(role)
        kluuvi = area("osa-alue", "020")
        spot = kluuvi.geometry.point_on_surface.transform(4326, clone=True)
        requests = [
            ("/api/v1/luotsit/", {}),
            ("/api/v1/luotsit/", {"area": kluuvi.pk}),
            (f"/api/v1/luotsit/{secret_luotsi.pk}/", {}),
            ("/api/v1/luotsit/lookup/", {"lat": f"{spot.y:.7f}", "lon": f"{spot.x:.7f}"}),
            ("/api/v1/luotsit/lookup/", {"area": kluuvi.pk}),
            ("/api/v1/luotsit/lookup/", {"division": "osa-alue", "code": "020"}),
            ("/api/v1/luotsit/coverage/", {"division": "osa-alue"}),
            ("/api/v1/luotsit/coverage/", {"division": "osa-alue", "inherit": "false", "status": "covered"}),
            ("/api/schema/", {}),
            # Error responses too.
            ("/api/v1/luotsit/lookup/", {"area": "x"}),
            ("/api/v1/luotsit/coverage/", {"division": "osa-alue", "role": "pomo"}),
            ("/api/v1/luotsit/999999/", {}),
            ("/api/v1/luotsit/", {"include_inactive": "true"}),
            ("/api/v1/luotsit/me/", {}),
        ]
        for url, query in requests:
            response = client.get(url, query)
            assert_no_secret(response)
            if role != "luotsi":
                assert OWN_PHONE not in response.content.decode()
        for method, url in [
            ("patch", f"/api/v1/luotsit/{secret_luotsi.pk}/"),
            ("post", f"/api/v1/luotsit/{secret_luotsi.pk}/deactivate/"),
            ("post", f"/api/v1/luotsit/{secret_luotsi.pk}/erase/"),
        ]:
            response = getattr(client, method)(url, {"name": "Muutettu"}, format="json")
            assert response.status_code in (403, 404)
            assert_no_secret(response)

    def test_the_secret_luotsi_is_still_found_with_its_name(self, api_client, secret_luotsi):
        body = api_client.get("/api/v1/luotsit/lookup/", {"area": area("osa-alue", "020").pk}).json()
        card = body["stadiluotsi"]["luotsit"][0]
        assert card["name"] == "Salla Salainen"
        assert card["email"] is None and card["phone"] is None and card["photo_url"] is None

    def test_published_email_shows_while_the_phone_does_not(self, api_client, own_luotsi):
        card = api_client.get(f"/api/v1/luotsit/{own_luotsi.pk}/").json()
        assert card["email"] == PUBLIC_EMAIL and card["phone"] is None
        assert "publish_phone" not in card

    def test_the_card_for_map_pages_hides_it_too(self, secret_luotsi):
        cards = selectors.luotsi_card_for_area(area=area("osa-alue", "020"))
        assert SECRET_PHONE not in repr(cards) and SECRET_EMAIL not in repr(cards)

    def test_publishing_makes_it_appear(self, api_client, secret_luotsi):
        secret_luotsi.publish_phone = True
        secret_luotsi.save()
        card = api_client.get(f"/api/v1/luotsit/{secret_luotsi.pk}/").json()
        assert card["phone"] == SECRET_PHONE and card["email"] is None


@pytest.mark.usefixtures("demo_luotsit")
class TestWhoSeesEverything:
    @pytest.mark.parametrize("role", ["luotsi", "planner", "admin"])
    def test_owner_planner_and_admin_see_unpublished_contacts(self, client_as, role, own_luotsi):
        card = client_as(role).get(f"/api/v1/luotsit/{own_luotsi.pk}/").json()
        assert card["phone"] == OWN_PHONE and card["publish_phone"] is False

    def test_the_own_view_shows_the_own_phone(self, client_as, own_luotsi):
        body = client_as("luotsi").get("/api/v1/luotsit/me/").json()
        assert body["luotsi"]["phone"] == OWN_PHONE

    def test_but_the_lookup_does_not_even_for_them(self, client_as, own_luotsi):
        response = client_as("luotsi").get("/api/v1/luotsit/lookup/", {"division": "peruspiiri", "code": "101"})
        assert response.json()["stadiluotsi"]["luotsit"][0]["name"] == "Olli Omaprofiili"
        assert OWN_PHONE not in response.content.decode()
