"""Find my luotsi by a street address in the register."""

import pytest

from areas.demo import demo_addresses_load
from areas.models import Address
from luotsit.api import params
from luotsit.models import Role

URL = "/api/v1/luotsit/lookup/"


@pytest.fixture
def register(demo_luotsit):
    demo_addresses_load()


@pytest.mark.parametrize("text", ["Mannerheimintie 5", "mannerheimintie 5", "Mannerheimvägen 5", "Mannerheimintie 5, Helsinki"])
def test_an_address_answers_like_its_point(api_client, register, text):
    address = Address.objects.get(street_fi="Mannerheimintie", number="5")
    point = address.point.transform(4326, clone=True)
    by_address = api_client.get(URL, {"address": text}).json()
    by_point = api_client.get(URL, {"lat": point.y, "lon": point.x}).json()
    assert by_address["stadiluotsi"] == by_point["stadiluotsi"]
    assert by_address["areas"] == by_point["areas"]
    assert len(by_address["stadiluotsi"]["luotsit"]) == 1
    assert by_address["query"]["point"]["coordinates"] == pytest.approx([point.x, point.y])


@pytest.mark.parametrize("text", ["Mannerheimintie 99999", "Olematon katu 1", "Mannerheimintie", ""])
def test_an_address_not_in_the_register_is_a_404_that_says_so(api_client, register, text):
    response = api_client.get(URL, {"address": text})
    assert response.status_code == 404
    assert response.json()["detail"] == params.MSG_ADDRESS_NOT_FOUND.format(value=text)


def test_address_with_a_point_is_a_400(api_client, register):
    response = api_client.get(URL, {"address": "Mannerheimintie 5", "lat": "60.17", "lon": "24.94"})
    assert response.status_code == 400
    assert response.json()["detail"] == str(params.MSG_POINT_OR_AREA)


def test_roles_in_the_answer(api_client, register):
    body = api_client.get(URL, {"address": "Mannerheimintie 5"}).json()
    assert body["stadiluotsi"]["luotsit"][0]["role"] == Role.STADILUOTSI
