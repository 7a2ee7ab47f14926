"""The map's area names (api/v1/area-labels), its plain background (api/v1/land) and
the background tiles' host in the Content-Security-Policy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.test import override_settings

from areas.models import Area
from map_ui.area_labels import LABEL_BANDS

HELSINKI_TILES = "https://tiles.hel.ninja/styles/hel-osm-bright/{z}/{x}/{y}.png"
LABELS = "/api/v1/area-labels/"


class TestAreaLabels:
    def test_a_point_inside_each_area_with_its_names(self, api_client, demo_areas):
        body = api_client.get(LABELS, {"divisions": "suurpiiri,osa-alue"}).json()
        features = body["features"]
        expected = Area.objects.filter(division__slug__in=["suurpiiri", "osa-alue"])
        assert len(features) == expected.count() == 8 + 147
        for feature in features:
            area = Area.objects.get(pk=feature["id"])
            # The inscribed circle's centre: inside the area even where its centroid is not (a crescent, a bay).
            point = Point(*feature["geometry"]["coordinates"], srid=4326).transform(area.geometry.srid, clone=True)
            assert area.geometry.buffer(0.2).covers(point), area.name_fi
            props = feature["properties"]
            assert (props["name_fi"], props["name_sv"], props["code"]) == (area.name_fi, area.name_sv, area.code)
            assert props["division"] == area.division.slug

    def test_larger_areas_first_within_a_division(self, api_client, demo_areas):
        features = api_client.get(LABELS, {"divisions": "osa-alue"}).json()["features"]
        sizes = [Area.objects.get(pk=f["id"]).geometry.area for f in features]
        assert sizes == sorted(sizes, reverse=True)

    def test_an_unknown_division_is_a_400_that_names_it(self, api_client, demo_areas):
        response = api_client.get(LABELS, {"divisions": "suurpiiri,kylä"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json()["detail"].startswith("Unknown divisions: kylä. Known: ")
        assert "suurpiiri" in response.json()["detail"]

    def test_no_division_asked_no_labels(self, api_client, demo_areas):
        assert api_client.get(LABELS).json() == {"type": "FeatureCollection", "features": []}

    def test_bands_cover_every_zoom_once_largest_divisions_first(self):
        from map_ui.maps import MAX_ZOOM, MIN_ZOOM

        bands = list(LABEL_BANDS.values())
        assert bands[0][0] == MIN_ZOOM and bands[-1][1] == MAX_ZOOM
        for (low, high), (next_low, _next_high) in zip(bands, bands[1:]):
            assert low <= high and next_low == high + 1


class TestPlainBackground:
    def test_the_land_layer_as_one_feature(self, api_client):
        body = api_client.get("/api/v1/land/").json()
        land = GEOSGeometry(json.dumps(body["geometry"]), srid=4326)
        assert land.covers(Point(24.9414, 60.1710, srid=4326))  # the railway station
        assert not land.covers(Point(24.95, 60.11, srid=4326))  # open sea off Suomenlinna

    def test_no_land_layer_is_a_404_that_says_so(self, api_client):
        with override_settings(CITY_LAND_FILE=""):
            response = api_client.get("/api/v1/land/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"detail": "No land layer is configured (CITY_LAND_FILE)."}

    def test_without_tiles_the_map_draws_the_land_on_water(self, client, demo_areas):
        html = client.get("/en/").content.decode()
        assert "geo-map--plain" in html and "map_ui/map_land" in html and "/api/v1/land/" in html

    def test_with_tiles_the_map_draws_them_and_no_land(self, client, demo_areas):
        with override_settings(MAP_TILE_URL=HELSINKI_TILES):
            html = client.get("/en/").content.decode()
        assert HELSINKI_TILES in html
        assert "geo-map--plain" not in html and "map_ui/map_land" not in html

    def test_without_tiles_or_land_the_background_stays_plain(self, client, demo_areas):
        with override_settings(CITY_LAND_FILE=""):
            html = client.get("/en/").content.decode()
        assert "geo-map--plain" not in html and "map_ui/map_land" not in html

    def test_the_city_map_asks_for_the_labels_in_its_language(self, client, demo_areas):
        html = client.get("/sv/").content.decode()
        assert "map_ui/map_labels" in html
        assert '"language": "sv"' in html and "/api/v1/area-labels/?divisions=suurpiiri,peruspiiri,osa-alue" in html


def _policy(**environment: str) -> dict:
    """The settings as a fresh process makes them from the environment (they are read at import)."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({'csp': "
        "{k: [str(s) for s in v] for k, v in settings.CONTENT_SECURITY_POLICY['DIRECTIVES'].items()},"
        " 'leaflet': settings.LEAFLET_CONFIG['TILES']}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("MAP_TILE_URL", "MAP_TILE_ATTRIBUTION")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, **environment, "GEO_ENV": "test", "DJANGO_SETTINGS_MODULE": "geo_osallisuus.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("tiles", "img_src", "leaflet"),
    [
        ("", ["'self'", "data:"], []),
        (
            HELSINKI_TILES,
            ["'self'", "data:", "https://tiles.hel.ninja"],
            [["", HELSINKI_TILES, {"attribution": "Map data © OpenStreetMap contributors, tiles © City of Helsinki"}]],
        ),
    ],
)
def test_the_policy_and_the_admin_maps_follow_the_tile_setting(tiles, img_src, leaflet):
    settings = _policy(
        MAP_TILE_URL=tiles, MAP_TILE_ATTRIBUTION="Map data © OpenStreetMap contributors, tiles © City of Helsinki"
    )
    assert settings["csp"]["img-src"] == img_src
    assert all("hel.ninja" not in str(v) for k, v in settings["csp"].items() if k != "img-src")
    assert settings["leaflet"] == leaflet
