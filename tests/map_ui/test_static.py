"""Production collects the map's assets with hashed names (whitenoise's manifest storage)."""

from django.core.management import call_command


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "geo_osallisuus.staticfiles.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    for name in (
        "xstatic/leaflet/leaflet.js",
        "xstatic/leaflet/images/marker-icon.png",
        "xstatic/leaflet-markercluster/leaflet.markercluster.js",
        "map_ui/map.js",
        "npm/hds-core/base.min.css",
        "npm/hds-core/components/all.min.css",
    ):
        assert (tmp_path / name).is_file(), name


def test_production_static_compresses_what_pages_load_and_not_the_source_maps(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "geo_osallisuus.staticfiles.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    for name in ("map_ui/map.js", "npm/hds-core/components/all.min.css"):
        assert (tmp_path / f"{name}.gz").is_file(), name
        assert (tmp_path / f"{name}.br").is_file(), name
    maps = list((tmp_path / "npm").rglob("*.map"))
    assert maps, "the packages ship source maps"
    assert not [m for m in maps if m.with_name(m.name + ".gz").exists() or m.with_name(m.name + ".br").exists()]
