"""The areas API: divisions, areas as GeoJSON, one area, the point lookup."""

import pytest

CENTRAL_STATION = {"lat": "60.1699", "lon": "24.9384"}
# The same point in ETRS-TM35FIN and ETRS-GK25.
CENTRAL_STATION_3067 = (385722.6, 6672094.4)
ESPOO_CENTRE = {"lat": "60.2055", "lon": "24.6559"}

pytestmark = pytest.mark.usefixtures("demo_areas")


def lookup(api_client, **query):
    return api_client.get("/api/v1/lookup/", query, HTTP_ACCEPT_LANGUAGE="fi")


class TestLookup:
    def test_central_station_is_in_etelainen_and_vironniemi(self, api_client):
        response = lookup(api_client, **CENTRAL_STATION)
        assert response.status_code == 200
        body = response.json()
        assert body["inside_helsinki"] is True
        by_division = {a["division"]: a for a in body["areas"]}
        assert by_division["suurpiiri"]["name_fi"] == "Eteläinen"
        assert by_division["suurpiiri"]["name_sv"] == "Södra"
        assert by_division["peruspiiri"]["name_fi"] == "Vironniemi"
        assert by_division["peruspiiri"]["name_sv"] == "Estnäs"
        assert [p["name_fi"] for p in by_division["peruspiiri"]["parents"]] == ["Eteläinen"]
        assert [p["name_fi"] for p in by_division["osa-alue"]["parents"]] == ["Vironniemi", "Eteläinen"]

    def test_one_area_per_official_division(self, api_client):
        divisions = [a["division"] for a in lookup(api_client, **CENTRAL_STATION).json()["areas"]]
        assert divisions == ["suurpiiri", "peruspiiri", "osa-alue"]

    @pytest.mark.parametrize("srid", ["3067", "EPSG:3067"])
    def test_projected_coordinates_give_the_same_areas(self, api_client, srid):
        by_latlon = lookup(api_client, **CENTRAL_STATION).json()["areas"]
        x, y = CENTRAL_STATION_3067
        by_xy = lookup(api_client, x=x, y=y, srid=srid).json()["areas"]
        assert [a["id"] for a in by_xy] == [a["id"] for a in by_latlon]

    def test_gk25_coordinates(self, api_client):
        from django.contrib.gis.geos import Point

        p = Point(*CENTRAL_STATION_3067, srid=3067).transform(3879, clone=True)
        body = lookup(api_client, x=p.x, y=p.y, srid="3879").json()
        assert {a["division"]: a["name_fi"] for a in body["areas"]}["suurpiiri"] == "Eteläinen"

    def test_point_outside_helsinki_is_empty_and_says_so(self, api_client):
        response = lookup(api_client, **ESPOO_CENTRE)
        assert response.status_code == 200
        body = response.json()
        assert body["areas"] == [] and body["inside_helsinki"] is False
        assert body["message"] == "Piste ei ole Helsingin alueella."

    def test_finnish_is_the_default_language(self, db):
        from rest_framework.test import APIClient

        body = APIClient().get("/api/v1/lookup/", ESPOO_CENTRE).json()
        assert body["message"] == "Piste ei ole Helsingin alueella."

    def test_message_in_swedish(self, api_client):
        body = api_client.get("/api/v1/lookup/", ESPOO_CENTRE, HTTP_ACCEPT_LANGUAGE="sv").json()
        assert body["message"] == "Punkten ligger inte i Helsingfors."

    @pytest.mark.parametrize(
        "query, message",
        [
            ({"lat": "95", "lon": "24.9"}, "Parameter lat must be between -90 and 90"),
            ({"lat": "60.1", "lon": "181"}, "Parameter lon must be between -180 and 180"),
            ({"lat": "abc", "lon": "24.9"}, "Parameter lat must be a number"),
            ({"lat": "nan", "lon": "24.9"}, "Parameter lat must be a number"),
            ({"lat": "60.1"}, "Parameter lon is required."),
            ({}, "Give either lat and lon, or x and y"),
            ({"lat": "60.1", "lon": "24.9", "x": "1"}, "Give either lat and lon, or x and y"),
            ({"x": "385722", "y": "6672094"}, "x and y need srid"),
            ({"x": "385722", "y": "6672094", "srid": "2393"}, "Unsupported coordinate reference system '2393'"),
            ({"x": "385722", "y": "6672094", "srid": "/etc/passwd"}, "Unsupported coordinate reference system"),
            ({"x": "1e300", "y": "1e300", "srid": "3067"}, "out of range for EPSG:3067"),
            ({"x": "385722", "y": "6672094", "srid": "3879"}, "out of range for EPSG:3879"),
            ({"lat": "60.1", "lon": "24.9", "srid": "3067"}, "lat and lon are always EPSG:4326"),
        ],
    )
    def test_bad_input_is_a_400_with_a_message(self, api_client, query, message):
        response = api_client.get("/api/v1/lookup/", query, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert message in response.json()["detail"]


class TestAreas:
    def test_suurpiirit_as_geojson_in_4326(self, api_client):
        body = api_client.get("/api/v1/areas/", {"division": "suurpiiri"}).json()
        assert body["type"] == "FeatureCollection" and body["count"] == 8
        assert "crs" not in body
        feature = body["features"][0]
        assert feature["properties"]["name_fi"] == "Eteläinen"
        assert feature["properties"]["is_approximate"] is False  # the demo's lines are the city's, simplified
        assert feature["geometry"]["type"] == "MultiPolygon"
        lon, lat = feature["geometry"]["coordinates"][0][0][0]
        assert 24.5 < lon < 25.5 and 59.9 < lat < 60.4

    @pytest.mark.parametrize("srid, x_range", [("3067", (360_000, 410_000)), ("3879", (25_480_000, 25_520_000))])
    def test_output_in_projected_crs(self, api_client, srid, x_range):
        body = api_client.get("/api/v1/areas/", {"division": "suurpiiri", "srid": srid}).json()
        assert body["crs"]["properties"]["name"] == f"urn:ogc:def:crs:EPSG::{srid}"
        x, y = body["features"][0]["geometry"]["coordinates"][0][0][0]
        assert x_range[0] < x < x_range[1] and 6_640_000 < y < 6_700_000

    def test_unknown_output_srid_is_a_400(self, api_client):
        response = api_client.get("/api/v1/areas/", {"srid": "900913"})
        assert response.status_code == 400
        assert "Unsupported coordinate reference system" in response.json()["detail"]

    def test_children_of_a_parent(self, api_client):
        body = api_client.get("/api/v1/areas/", {"division": "peruspiiri", "parent_code": "1"}).json()
        assert sorted(f["properties"]["code"] for f in body["features"]) == ["101", "102", "103", "104", "105"]
        parent_id = body["features"][0]["properties"]["parent"]["id"]
        by_id = api_client.get("/api/v1/areas/", {"parent": parent_id}).json()
        assert by_id["count"] == 5

    def test_malformed_filter_is_a_400(self, api_client):
        assert api_client.get("/api/v1/areas/", {"parent": "abc"}).status_code == 400

    def test_pages_link_to_each_other(self, api_client):
        first = api_client.get("/api/v1/areas/", {"division": "osa-alue", "page_size": 100}).json()
        assert first["count"] == 147 and len(first["features"]) == 100
        second = api_client.get(first["next"]).json()
        assert len(second["features"]) == 47 and second["next"] is None
        assert {f["id"] for f in first["features"]}.isdisjoint(f["id"] for f in second["features"])

    def test_one_area(self, api_client):
        area_id = api_client.get("/api/v1/areas/", {"division": "suurpiiri", "code": "7"}).json()["features"][0]["id"]
        feature = api_client.get(f"/api/v1/areas/{area_id}/").json()
        assert feature["properties"]["name_sv"] == "Östra"
        assert feature["properties"]["population"] == 114361

    def test_missing_area_is_a_404(self, api_client):
        assert api_client.get("/api/v1/areas/999999/").status_code == 404

    def test_areas_are_read_only(self, api_client):
        assert api_client.post("/api/v1/areas/", {}, format="json").status_code in (401, 403, 405)

    def test_divisions(self, api_client):
        body = api_client.get("/api/v1/divisions/").json()
        by_slug = {d["slug"]: d for d in body}
        assert by_slug["peruspiiri"]["parent"] == "suurpiiri"
        assert by_slug["osa-alue"]["area_count"] == 147
        assert by_slug["asukasalue"]["is_official"] is False


class TestSchema:
    def test_openapi_schema_lists_the_endpoints(self, api_client):
        response = api_client.get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        paths = response.json()["paths"]
        assert {"/api/v1/lookup/", "/api/v1/areas/", "/api/v1/areas/{id}/", "/api/v1/divisions/"} <= set(paths)

    def test_swagger_ui_loads_its_assets_from_the_service(self, api_client):
        html = api_client.get("/api/docs/").content.decode()
        assert "swagger-ui" in html
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
        assert "cdn" not in html.lower() and "https://" not in html
