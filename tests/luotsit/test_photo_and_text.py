"""A luotsi's photo only from the city's own servers, and names and titles under geo_osallisuus.text,
in the API and the admin alike (both run the model's full_clean)."""

from __future__ import annotations

import unicodedata

import pytest

from luotsit.models import Luotsi

OWN = "/api/v1/luotsit/me/"


def _host_message(host: str) -> str:
    return f"A photo must be on the city's own server (hel.fi) over https; {host} is not."


class TestPhotoHost:
    @pytest.fixture(autouse=True)
    def city_hosts(self, settings):
        settings.LUOTSI_PHOTO_HOSTS = ["hel.fi"]

    @pytest.mark.parametrize(
        "url", ["https://hel.fi/kuva.jpg", "https://www.hel.fi/static/luotsit/kuva.jpg", "https://kuvat.palvelut.hel.fi/a.png"]
    )
    def test_the_citys_hosts_over_https(self, client_as, own_luotsi, url):
        response = client_as("luotsi").patch(OWN, {"photo_url": url}, format="json")
        assert response.status_code == 200, response.content
        assert Luotsi.objects.get(pk=own_luotsi.pk).photo_url == url

    @pytest.mark.parametrize(
        "url, host",
        [
            ("https://images.example.com/salla.jpg", "images.example.com"),
            ("https://evilhel.fi/salla.jpg", "evilhel.fi"),
            ("https://hel.fi.example.com/salla.jpg", "hel.fi.example.com"),
            ("https://hel.fi@tracker.example.com/salla.jpg", "tracker.example.com"),
            ("http://www.hel.fi/salla.jpg", "www.hel.fi"),
        ],
    )
    def test_any_other_host_or_plain_http_is_refused(self, client_as, own_luotsi, url, host):
        before = Luotsi.objects.get(pk=own_luotsi.pk).photo_url
        response = client_as("luotsi").patch(OWN, {"photo_url": url}, format="json")
        assert response.status_code == 400
        assert response.json()["photo_url"] == [_host_message(host)]
        assert Luotsi.objects.get(pk=own_luotsi.pk).photo_url == before

    def test_planners_are_refused_too(self, client_as, own_luotsi):
        url = f"/api/v1/luotsit/{own_luotsi.pk}/"
        response = client_as("planner").patch(url, {"photo_url": "https://cdn.example.net/x.jpg"}, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["photo_url"] == [_host_message("cdn.example.net")], response.json()

    def test_the_admin_refuses_it_as_well(self, admin_client, own_luotsi):
        page = admin_client.get(f"/admin/luotsit/luotsi/{own_luotsi.pk}/change/")
        form = page.context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
        data.update(name="Salla", role="stadiluotsi", photo_url="https://images.example.com/salla.jpg")
        response = admin_client.post(f"/admin/luotsit/luotsi/{own_luotsi.pk}/change/", data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["photo_url"] == [_host_message("images.example.com")]


class TestNameAndTitle:
    def test_nfd_is_stored_as_nfc(self, client_as, own_luotsi):
        name = unicodedata.normalize("NFD", "Päivi Hämäläinen")
        response = client_as("luotsi").patch(OWN, {"name": name + "\u200b"}, format="json")
        assert response.status_code == 200, response.content
        assert Luotsi.objects.get(pk=own_luotsi.pk).name == "Päivi Hämäläinen"

    @pytest.mark.parametrize("value, code", [("Salla\u202e", "U+202E"), ("Salla\x07", "U+0007")])
    def test_refused_characters(self, client_as, own_luotsi, value, code):
        response = client_as("luotsi").patch(OWN, {"title_fi": value}, format="json")
        assert response.status_code == 400 and code in str(response.json())

    def test_a_name_of_zero_width_spaces_is_refused(self, client_as, own_luotsi):
        response = client_as("luotsi").patch(OWN, {"name": "\u200b\u200b"}, format="json")
        assert response.status_code == 400 and response.json()["name"] == ["This field may not be blank."]
