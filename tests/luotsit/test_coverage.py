"""Coverage: gaps and overlaps per division, as a GeoJSON layer and an admin page."""

from __future__ import annotations

import pytest

from luotsit import services
from luotsit.api import params
from luotsit.models import Luotsi

from .conftest import area

URL = "/api/v1/luotsit/coverage/"


def coverage(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def statuses(body) -> dict[str, str]:
    return {f["properties"]["code"]: f["properties"]["status"] for f in body["features"]}


@pytest.mark.usefixtures("demo_luotsit")
class TestCoverage:
    def test_demo_city_is_covered_once_everywhere(self, api_client):
        for division in ("suurpiiri", "peruspiiri", "osa-alue"):
            body = coverage(api_client, division=division)
            assert body["counts"]["gap"] == 0 and body["counts"]["overlap"] == 0, division
        assert coverage(api_client, division="osa-alue")["counts"]["covered"] == 147

    def test_geojson_layer(self, api_client):
        body = coverage(api_client, division="suurpiiri")
        assert body["type"] == "FeatureCollection" and len(body["features"]) == 8
        feature = next(f for f in body["features"] if f["properties"]["code"] == "1")
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "MultiPolygon"
        lon, lat = feature["geometry"]["coordinates"][0][0][0]
        assert 24 < lon < 26 and 59 < lat < 61
        assert feature["properties"]["luotsit"] == [{"id": feature["properties"]["luotsit"][0]["id"], "name": "Aino Esimerkki"}]
        assert feature["properties"]["direct_count"] == 1 and feature["properties"]["is_inherited"] is False

    def test_projected_output_names_its_crs(self, api_client):
        body = coverage(api_client, division="suurpiiri", srid="3067")
        assert body["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"
        x, y = body["features"][0]["geometry"]["coordinates"][0][0][0]
        assert 300_000 < x < 500_000 and 6_600_000 < y < 6_700_000

    def test_gap_when_a_suurpiiri_luotsi_leaves(self, api_client):
        services.luotsi_deactivate(luotsi=Luotsi.objects.get(name="Daniel Testilä"))
        assert statuses(coverage(api_client, division="suurpiiri"))["4"] == "gap"
        body = coverage(api_client, division="peruspiiri", status="gap")
        assert body["counts"]["gap"] == len(body["features"]) > 0
        assert {f["properties"]["code"][0] for f in body["features"]} == {"4"}

    def test_overlap_when_two_serve_one_area(self, api_client):
        services.luotsi_create(name="Kaksoisluotsi", areas=[area("peruspiiri", "101")])
        services.luotsi_create(name="Kolmasluotsi", areas=[area("peruspiiri", "101")])
        body = coverage(api_client, division="peruspiiri", status="overlap")
        assert [f["properties"]["code"] for f in body["features"]] == ["101"]
        assert [l["name"] for l in body["features"][0]["properties"]["luotsit"]] == ["Kaksoisluotsi", "Kolmasluotsi"]
        # Vironniemi's osa-alueet inherit the overlap; other osa-alueet do not.
        osa = coverage(api_client, division="osa-alue")
        overlapping = {f["properties"]["code"] for f in osa["features"] if f["properties"]["status"] == "overlap"}
        assert "020" in overlapping and osa["counts"]["overlap"] == len(overlapping) < 147
        # A smaller area's own luotsi is not an overlap with its parent's.
        assert statuses(coverage(api_client, division="suurpiiri"))["1"] == "covered"

    def test_without_inheritance_only_direct_assignments_count(self, api_client):
        body = coverage(api_client, division="osa-alue", inherit="false")
        assert body["counts"]["gap"] == 147
        services.luotsi_create(name="Kluuvin Luotsi", areas=[area("osa-alue", "020")])
        assert statuses(coverage(api_client, division="osa-alue", inherit="false"))["020"] == "covered"

    def test_yritysluotsi_role(self, api_client):
        body = coverage(api_client, division="suurpiiri", role="yritysluotsi")
        names = {f["properties"]["code"]: f["properties"]["luotsit"][0]["name"] for f in body["features"]}
        assert names["4"] == "Jussi Kauppalainen" and body["role"] == "yritysluotsi"

    @pytest.mark.parametrize(
        "query, message",
        [
            ({}, params.MSG_DIVISION_REQUIRED),
            ({"division": "kunta"}, params.MSG_UNKNOWN_DIVISION.format(value="kunta")),
            ({"division": "osa-alue", "role": "pomo"}, params.MSG_BAD_ROLE.format(allowed="stadiluotsi, yritysluotsi", value="pomo")),
            ({"division": "osa-alue", "inherit": "ehkä"}, params.MSG_BAD_BOOLEAN.format(name="inherit", value="ehkä")),
            ({"division": "osa-alue", "status": "huono"}, params.MSG_BAD_STATUS.format(allowed="gap, covered, overlap", value="huono")),
            ({"division": "osa-alue", "srid": "2393"}, "Unsupported coordinate reference system"),
        ],
    )
    def test_400_with_a_message(self, api_client, query, message):
        response = api_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert str(message) in response.json()["detail"]


@pytest.mark.usefixtures("demo_luotsit")
class TestAdmin:
    def test_coverage_page_lists_gaps_and_overlaps(self, client, users):
        services.luotsi_deactivate(luotsi=Luotsi.objects.get(name="Daniel Testilä"))
        services.luotsi_create(name="Kaksoisluotsi", areas=[area("suurpiiri", "1")])
        client.force_login(users["admin"])
        page = client.get("/admin/luotsit/luotsi/coverage/", {"division": "suurpiiri"}).content.decode()
        gaps, overlaps = page.split("Areas with more than one active luotsi")
        # The admin answers in English here (tests ask for it): the English names.
        assert "Northern" in gaps and "Southern" not in gaps
        assert "Southern" in overlaps and "Kaksoisluotsi" in overlaps and "Aino Esimerkki" in overlaps

    def test_changelist_and_change_form(self, client, users):
        client.force_login(users["admin"])
        listing = client.get("/admin/luotsit/luotsi/")
        assert listing.status_code == 200 and "Aino Esimerkki" in listing.content.decode()
        assert "/admin/luotsit/luotsi/coverage/" in listing.content.decode()
        luotsi = Luotsi.objects.get(name="Aino Esimerkki")
        assert client.get(f"/admin/luotsit/luotsi/{luotsi.pk}/change/").status_code == 200

    def test_residents_do_not_reach_the_admin(self, client, users):
        client.force_login(users["resident"])
        assert client.get("/admin/luotsit/luotsi/coverage/").status_code == 302
