"""import_spaces on GIS exports: the service map's WFS GeoPackage, CSV, GeoJSON, the kind's rules."""

import json
import shutil
import sqlite3
import subprocess

import pytest
from django.core.management import CommandError, call_command

from spaces.models import ServiceTypeKind, Space

pytestmark = pytest.mark.usefixtures("demo_areas")

WFS_FILE = "servicemap-wfs/palvelukartta_leikkipuistot_sample.gpkg"


def run(*files, **options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_spaces", *files, stdout=out, **options)
    return out.getvalue()


def test_the_wfs_geopackage_imports_helsinkis_units_and_counts_the_others(shared_data):
    out = run(str(shared_data / WFS_FILE))
    # 35 features, 10 of them in Espoo, Vantaa and Kauniainen.
    assert Space.objects.count() == 25
    assert "25 created, 0 updated, 0 unchanged, 0 removed, 10 skipped" in out
    assert "10 units of other municipalities skipped." in out
    assert "Odilammen leikkipaikka" in out and "Espoon kaupunki" in out
    traktori = Space.objects.get(origin_id="servicemap-wfs:48848")
    assert traktori.name_fi == "Leikkipuisto Traktori" and traktori.name_sv == "Lekparken Traktorn"
    assert (traktori.street_address_fi, traktori.postal_code) == ("Tyynelänkuja 7", "00700")
    assert traktori.kind == Space.Kind.PLAYGROUND  # ServiceTypeID 69, from the data migration
    assert traktori.point.transform(3879, clone=True).x == pytest.approx(25499809, abs=0.01)
    assert not Space.objects.exclude(municipality="Helsinki").exists()
    assert traktori.source.startswith("service map WFS: ") and traktori.source.endswith(".gpkg")
    assert "not UTF-8" not in out


def test_the_wfs_geopackage_twice_changes_nothing(shared_data):
    run(str(shared_data / WFS_FILE))
    out = run(str(shared_data / WFS_FILE))
    assert "0 created, 0 updated, 25 unchanged" in out


def test_dry_run_counts_and_saves_nothing(shared_data):
    out = run(str(shared_data / WFS_FILE), dry_run=True)
    assert "25 created" in out and "dry run: nothing was saved" in out
    assert not Space.objects.exists()


def test_a_kind_set_by_hand_survives_a_reimport(shared_data):
    run(str(shared_data / WFS_FILE))
    Space.objects.filter(origin_id="servicemap-wfs:48848").update(kind=Space.Kind.RESIDENT_HOUSE, kind_set_by_hand=True)
    Space.objects.filter(origin_id="servicemap-wfs:50208").update(kind=Space.Kind.RESIDENT_HOUSE)
    out = run(str(shared_data / WFS_FILE))
    assert Space.objects.get(origin_id="servicemap-wfs:48848").kind == Space.Kind.RESIDENT_HOUSE
    # Not set by hand: the import puts the service type's kind back.
    assert Space.objects.get(origin_id="servicemap-wfs:50208").kind == Space.Kind.PLAYGROUND
    assert "1 updated, 24 unchanged" in out and "1 kinds set by hand kept" in out


def test_the_service_type_mapping_is_data(shared_data):
    ServiceTypeKind.objects.filter(service_type=70).update(kind=Space.Kind.SPORTS)
    run(str(shared_data / WFS_FILE))
    assert Space.objects.get(origin_id="servicemap-wfs:48848").kind == Space.Kind.PLAYGROUND  # type 69
    assert Space.objects.get(origin_id="servicemap-wfs:50208").kind == Space.Kind.SPORTS  # type 70


def test_a_space_saved_in_the_admin_with_another_kind_is_marked_set_by_hand(admin_client, shared_data):
    run(str(shared_data / WFS_FILE))
    space = Space.objects.get(origin_id="servicemap-wfs:48848")
    page = admin_client.get(f"/admin/spaces/space/{space.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("point", "footprint", "opening_hours")}
    data.update(kind=Space.Kind.SCHOOL, point=space.point.ewkt, opening_hours="{}", self_service="", kind_set_by_hand="")
    admin_client.post(f"/admin/spaces/space/{space.pk}/change/", data)
    space.refresh_from_db()
    assert (space.kind, space.kind_set_by_hand) == (Space.Kind.SCHOOL, True)


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's ogr2ogr is not installed")
def test_a_geopackage_with_bytes_that_are_not_utf8_is_still_read(tmp_path):
    source = tmp_path / "units.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"ID": 7, "Name_fi": "Leikkipuisto Koe", "City_fi": "Helsinki", "ServiceTypeID": 69, "Note": "x"},
                        "geometry": {"type": "Point", "coordinates": [24.95, 60.18]},
                    }
                ],
            }
        )
    )
    gpkg = tmp_path / "units.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:3879", str(gpkg), str(source), "-nln", "kohteet", "-lco", "SPATIAL_INDEX=NO"], check=True)
    with sqlite3.connect(gpkg) as db:
        db.execute("UPDATE kohteet SET Note = CAST(X'ff00e4' AS TEXT)")
    out = run(str(gpkg))
    assert "1 created" in out and "not UTF-8" not in out
    assert Space.objects.get(origin_id="servicemap-wfs:7").kind == Space.Kind.PLAYGROUND


def test_a_csv_with_lon_lat_and_a_field_mapping(tmp_path):
    path = tmp_path / "tilat.csv"
    path.write_text(
        "KOHDE;NIMI;lon;lat;kunta\n"
        "a1;Kallion nuorisotalo;24.9513;60.1840;Helsinki\n"
        "a2;Tapiolan kirjasto;24.8050;60.1760;Espoo\n"
        "a3;Ilman paikkaa;;;Helsinki\n",
        encoding="utf-8",
    )
    out = run(str(path), field=["id=KOHDE", "name_fi=NIMI"])
    space = Space.objects.get()
    assert (space.origin_id, space.kind) == ("gis:tilat:a1", Space.Kind.YOUTH_CENTRE)
    assert "1 created, 0 updated, 0 unchanged, 0 removed, 2 skipped" in out


def test_a_csv_with_wkt_points_in_gk25(tmp_path):
    path = tmp_path / "tilat.csv"
    path.write_text("id,name,wkt\n1,Asukastalo,POINT(25497000 6675000)\n", encoding="utf-8")
    run(str(path), origin="oma:")
    assert Space.objects.get().origin_id == "oma:1"
    assert Space.objects.get().point.transform(3879, clone=True).x == pytest.approx(25497000, abs=0.01)


def test_a_csv_that_is_not_utf8_is_refused_whole(tmp_path):
    path = tmp_path / "tilat.csv"
    path.write_bytes("id,name,lon,lat\n1,Kirjasto ä,24.95,60.18\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"^The CSV file is not UTF-8; save it as UTF-8 first\. Nothing was imported\.$"):
        run(str(path))
    assert not Space.objects.exists()


def test_a_geojson_polygon_becomes_the_footprint(tmp_path):
    square = [[24.950, 60.180], [24.951, 60.180], [24.951, 60.181], [24.950, 60.181], [24.950, 60.180]]
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"id": 5, "nimi_fi": "Urheilupuisto"}, "geometry": {"type": "Polygon", "coordinates": [square]}}
        ],
    }
    path = tmp_path / "alueet.json"
    path.write_text(json.dumps(data))
    run(str(path))
    space = Space.objects.get()
    assert space.kind == Space.Kind.SPORTS and space.footprint is not None
    assert space.footprint.contains(space.point)


def test_a_missing_mapped_attribute_is_named(tmp_path):
    path = tmp_path / "tilat.csv"
    path.write_text("id,name,lon,lat\n1,Kirjasto,24.95,60.18\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"^The file has no attribute 'NIMI' \(mapped to name_fi\); it has id, name, lon, lat\."):
        run(str(path), field=["name_fi=NIMI"])


def test_a_duplicate_id_stops_the_whole_file(tmp_path):
    path = tmp_path / "tilat.csv"
    path.write_text("id,name,lon,lat\n1,Kirjasto,24.95,60.18\n1,Koulu,24.96,60.18\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"^Feature 2: id 1 appears twice in the file\. Nothing was imported\.$"):
        run(str(path))
    assert not Space.objects.exists()


def test_the_service_type_kinds_are_edited_in_the_admin(admin_client):
    page = admin_client.get("/admin/spaces/servicetypekind/")
    assert page.status_code == 200 and "Leikkipuisto" in page.content.decode()


def test_a_gml_layer_of_the_capital_regions_wfs(shared_data):
    # A school district as the WFS serves GML in GK25: `kunta` 91 (Helsinki's code as a number), a polygon.
    out = run(str(shared_data / "wfs-gml-3879/Opev_ooa_alaaste_suomi.gml"))
    space = Space.objects.get()
    assert (space.origin_id, space.name_fi) == ("gis:Opev_ooa_alaaste_suomi:222", "Testi peruskoulu 2023-2024")
    assert space.kind == Space.Kind.SCHOOL and space.footprint.contains(space.point)
    assert "1 created" in out


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's ogr2ogr is not installed")
def test_without_the_municipality_attribute_helsinkis_boundary_keeps_only_helsinkis(shared_data, tmp_path):
    """The same 35 playgrounds with no City_* attributes: the 10 in Espoo, Vantaa and Kauniainen
    (all inside Helsinki's old bounding box) are told apart by the city's boundary alone."""
    stripped = tmp_path / "leikkipaikat.gpkg"
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(stripped), str(shared_data / WFS_FILE), "-nln", "leikkipaikat",
         "-select", "ID,Name_fi,Name_sv,Address_fi,ServiceTypeID"],
        check=True,
    )
    with sqlite3.connect(stripped) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(leikkipaikat)")}
    assert not {c for c in columns if c.lower().startswith("city")}
    out = run(str(stripped))
    assert "25 created, 0 updated, 0 unchanged, 0 removed, 10 skipped" in out
    assert out.count("lies outside Helsinki: skipped.") == 10
    assert "Odilammen leikkipaikka" in out  # in Espoo
    with sqlite3.connect(shared_data / WFS_FILE) as db:
        helsinkis = {str(row[0]) for row in db.execute("SELECT ID FROM palvelukartta_julkinen WHERE City_fi = 'Helsingin kaupunki'")}
    assert {s.origin_id.rsplit(":", 1)[1] for s in Space.objects.all()} == helsinkis
