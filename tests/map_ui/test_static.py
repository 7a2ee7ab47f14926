"""Production collects the map's assets with hashed names and compressed copies
(whitenoise's manifest storage). One collectstatic for the module: it is the
slowest step of the suite's static checks (Brotli at its top quality)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    from django.conf import settings

    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "geo_osallisuus.staticfiles.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.mark.parametrize(
    "name",
    [
        "xstatic/leaflet/leaflet.js",
        "xstatic/leaflet/images/marker-icon.png",
        "xstatic/leaflet-markercluster/leaflet.markercluster.js",
        "map_ui/map.js",
        "npm/hds-core/base.min.css",
        "npm/hds-core/components/all.min.css",
    ],
)
def test_collectstatic_with_the_production_storage(collected, name):
    assert (collected / name).is_file(), name


@pytest.mark.parametrize("name", ["map_ui/map.js", "npm/hds-core/components/all.min.css"])
def test_what_pages_load_gets_gzip_and_brotli_copies(collected, name):
    assert (collected / f"{name}.gz").is_file(), name
    assert (collected / f"{name}.br").is_file(), name


def test_source_maps_are_not_compressed(collected):
    maps = list((collected / "npm").rglob("*.map"))
    assert maps, "the packages ship source maps"
    assert not [m for m in maps if m.with_name(m.name + ".gz").exists() or m.with_name(m.name + ".br").exists()]


@pytest.mark.parametrize(
    "name",
    ["npm/hds-core/components/button/button.css", "npm/hds-core/scss", "npm/hds-core/icons", "npm/leaflet-geoman/leaflet-geoman.d.ts"],
)
def test_what_the_packages_ship_beside_the_linked_files_is_left_out(collected, name):
    assert not (collected / name).exists(), name
