"""Re-runs, removals, repairs, hierarchy and refusals of the division importer."""

import json
import zipfile

import pytest
from django.contrib.gis.geos import Polygon
from django.core.management import CommandError, call_command

from areas.importing.readers import ImportFileError
from areas.models import Area
from tests.areas import samples


def write(tmp_path, polygons, name="a.geojson", **kwargs):
    return samples.write_geojson(tmp_path / name, samples.feature_collection(polygons, **kwargs))


def test_rerun_changes_nothing_and_appends_no_geometry(tmp_path, run_import):
    path = write(tmp_path, samples.child_rectangles())
    first = run_import(path)
    ids = dict(Area.objects.values_list("code", "id"))
    second = run_import(path)
    assert (first.created, second.created, second.updated, second.unchanged) == (4, 0, 0, 4)
    assert dict(Area.objects.values_list("code", "id")) == ids
    area = Area.objects.get(code="101")
    assert area.geometry.num_geom == 1
    assert area.geometry.area == pytest.approx(2000 * 1000)


def test_changed_area_is_updated_in_place(tmp_path, run_import):
    run_import(write(tmp_path, samples.child_rectangles()))
    before = Area.objects.get(code="101")
    moved = samples.child_rectangles()
    moved["101"] = Polygon.from_bbox((384000, 6672000, 386000, 6672500))
    summary = run_import(write(tmp_path, moved, names={"101": "Uusi nimi"}))
    after = Area.objects.get(code="101")
    assert (summary.updated, summary.unchanged) == (1, 3)
    assert after.pk == before.pk
    assert after.name_fi == "Uusi nimi"
    assert after.geometry.area == pytest.approx(2000 * 500)


def test_vanished_areas_are_removed_within_the_guard(tmp_path, run_import):
    polygons = samples.child_rectangles()
    polygons["301"] = samples.square(388000, 6672000, 500)
    run_import(write(tmp_path, polygons))
    del polygons["301"]
    summary = run_import(write(tmp_path, polygons))  # 1 of 5 = 20 %: allowed
    assert summary.removed == 1
    assert not Area.objects.filter(code="301").exists()


def test_mass_deletion_is_refused_and_changes_nothing(tmp_path, run_import):
    run_import(write(tmp_path, samples.child_rectangles()))
    only_one = {"101": samples.child_rectangles()["101"]}
    renamed = write(tmp_path, only_one, names={"101": "Muuttunut"})
    with pytest.raises(ImportFileError, match="needs --allow-mass-delete"):
        run_import(renamed)
    assert Area.objects.count() == 4
    assert Area.objects.get(code="101").name_fi == "Alue 101"
    summary = run_import(renamed, allow_mass_delete=True)
    assert summary.removed == 3
    assert list(Area.objects.values_list("code", flat=True)) == ["101"]


def test_bad_feature_stops_the_whole_import(tmp_path, run_import):
    polygons = samples.child_rectangles()
    polygons["999"] = samples.square(500000, 7000000, 1000)  # in Lapland, not Helsinki
    with pytest.raises(ImportFileError, match="outside Helsinki"):
        run_import(write(tmp_path, polygons))
    assert Area.objects.count() == 0


def test_dry_run_saves_nothing(tmp_path, run_import):
    summary = run_import(write(tmp_path, samples.child_rectangles()), dry_run=True)
    assert summary.created == 4
    assert Area.objects.count() == 0


def test_invalid_geometry_is_repaired_and_reported(tmp_path, run_import):
    x, y = samples.ORIGIN_X, samples.ORIGIN_Y
    bowtie = Polygon(((x, y), (x + 1000, y + 1000), (x + 1000, y), (x, y + 1000), (x, y)))
    assert not bowtie.valid
    summary = run_import(write(tmp_path, {"7": bowtie}))
    area = Area.objects.get(code="7")
    assert summary.repaired == 1 and summary.repaired_codes == ["7"]
    assert area.geometry.valid
    assert area.geometry.area == pytest.approx(500_000)


def test_features_with_one_code_are_merged(tmp_path, run_import):
    data = samples.feature_collection(samples.child_rectangles())
    for feature in data["features"]:
        feature["properties"]["tunnus"] = "5"
    summary = run_import(samples.write_geojson(tmp_path / "a.geojson", data))
    assert (summary.created, summary.parts_merged) == (1, 3)
    assert Area.objects.get(code="5").geometry.area == pytest.approx(4000 * 2000)


def test_upper_case_names_are_title_cased(tmp_path, run_import):
    run_import(write(tmp_path, samples.parent_squares(), names={"1": "ETELÄINEN", "2": "ITÄ-PAKILA"}, upper=True))
    assert sorted(Area.objects.values_list("name_fi", flat=True)) == ["Eteläinen", "Itä-Pakila"]


class TestHierarchy:
    def test_children_link_to_the_parent_that_contains_them(self, tmp_path, run_import):
        run_import(write(tmp_path, samples.parent_squares(), "p.geojson"), slug="suurpiiri")
        run_import(write(tmp_path, samples.child_rectangles(), "c.geojson"), slug="peruspiiri")
        parents = dict(Area.objects.filter(division__slug="peruspiiri").values_list("code", "parent__code"))
        assert parents == {"101": "1", "102": "1", "201": "2", "202": "2"}

    def test_parents_imported_after_children_link_them_too(self, tmp_path, run_import):
        run_import(write(tmp_path, samples.child_rectangles(), "c.geojson"), slug="peruspiiri")
        assert not Area.objects.filter(parent__isnull=False).exists()
        run_import(write(tmp_path, samples.parent_squares(), "p.geojson"), slug="suurpiiri")
        assert Area.objects.get(code="202").parent.code == "2"

    def test_child_straddling_two_parents_gets_none(self, tmp_path, run_import):
        run_import(write(tmp_path, samples.parent_squares(), "p.geojson"), slug="suurpiiri")
        straddling = {"150": Polygon.from_bbox((385000, 6672000, 387000, 6673000))}
        summary = run_import(write(tmp_path, straddling, "c.geojson"), slug="peruspiiri")
        assert Area.objects.get(code="150").parent is None
        assert summary.without_parent == 1


class TestRefusals:
    """Every bad file stops the import with a message and leaves the database as it was."""

    @pytest.fixture(autouse=True)
    def existing(self, tmp_path, run_import):
        run_import(write(tmp_path, samples.parent_squares(), "existing.geojson"))

    def refused(self, run_import, path, message, **kwargs):
        with pytest.raises(ImportFileError, match=message):
            run_import(path, **kwargs)
        assert Area.objects.count() == 2

    def test_truncated_json(self, tmp_path, run_import):
        path = write(tmp_path, samples.child_rectangles())
        path.write_text(path.read_text()[:200])
        self.refused(run_import, path, "not valid JSON")

    def test_non_utf8_text(self, tmp_path, run_import):
        path = tmp_path / "a.geojson"
        path.write_bytes('{"type": "FeatureCollection", "name": "Töölö"}'.encode("latin-1"))
        self.refused(run_import, path, "not UTF-8")

    def test_unknown_crs(self, tmp_path, run_import):
        path = write(tmp_path, samples.child_rectangles(), crs="urn:ogc:def:crs:EPSG::2393")
        self.refused(run_import, path, "Unsupported coordinate reference system")

    def test_crs_string_is_never_handed_to_gdal(self, tmp_path, run_import):
        path = write(tmp_path, samples.child_rectangles(), crs="/etc/passwd")
        self.refused(run_import, path, "Unsupported coordinate reference system '/etc/passwd'")

    def test_declared_crs_conflicting_with_option(self, tmp_path, run_import):
        path = write(tmp_path, samples.child_rectangles(), srid=3879)
        self.refused(run_import, path, "EPSG:3879, but EPSG:3067", srid=3067)

    def test_missing_attribute(self, tmp_path, run_import):
        data = samples.feature_collection(samples.child_rectangles())
        for feature in data["features"]:
            del feature["properties"]["tunnus"]
        path = samples.write_geojson(tmp_path / "a.geojson", data)
        self.refused(run_import, path, "lacks the attribute for code")

    def test_mapping_to_an_absent_attribute(self, tmp_path, run_import):
        path = write(tmp_path, samples.child_rectangles())
        self.refused(run_import, path, "no attribute 'KOODI'", fields={"code": "KOODI"})

    def test_mislabelled_geopackage(self, tmp_path, run_import):
        path = tmp_path / "a.gpkg"
        path.write_text("this is not a geopackage")
        self.refused(run_import, path, "could not be read as GPKG")

    def test_unsupported_suffix(self, tmp_path, run_import):
        path = tmp_path / "a.csv"
        path.write_text("tunnus,nimi_fi\n1,A\n")
        self.refused(run_import, path, "Unsupported file type")

    def test_zip_with_path_trick(self, tmp_path, run_import):
        path = tmp_path / "a.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("../../etc/evil.shp", b"x")
        self.refused(run_import, path, "unsafe path")

    def test_zip_without_shapefile(self, tmp_path, run_import):
        path = tmp_path / "a.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", b"x")
        self.refused(run_import, path, "exactly one .shp")

    def test_not_a_zip(self, tmp_path, run_import):
        path = tmp_path / "a.zip"
        path.write_bytes(b"PK\x03\x04 truncated")
        self.refused(run_import, path, "not a valid zip")

    def test_line_geometry(self, tmp_path, run_import):
        data = samples.feature_collection(samples.child_rectangles())
        data["features"][0]["geometry"] = {"type": "LineString", "coordinates": [[384000, 6672000], [385000, 6673000]]}
        self.refused(run_import, samples.write_geojson(tmp_path / "a.geojson", data), "polygon or multipolygon")

    def test_malformed_geometry(self, tmp_path, run_import):
        data = samples.feature_collection(samples.child_rectangles())
        data["features"][1]["geometry"] = {"type": "Polygon", "coordinates": "nonsense"}
        self.refused(run_import, samples.write_geojson(tmp_path / "a.geojson", data), "malformed geometry")

    def test_empty_file(self, tmp_path, run_import):
        path = tmp_path / "a.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
        self.refused(run_import, path, "no features")


class TestCommand:
    def test_summary_and_division_from_aluejako(self, tmp_path, db, capsys):
        path = write(tmp_path, samples.parent_squares(), aluejako="KAUPUNGINOSA")
        call_command("import_divisions", str(path))
        out = capsys.readouterr().out
        assert "kaupunginosa: 2 created, 0 updated, 0 unchanged, 0 removed, 0 geometries repaired" in out
        assert Area.objects.filter(division__slug="kaupunginosa").count() == 2

    def test_unknown_division_needs_the_option(self, tmp_path, db):
        path = write(tmp_path, samples.parent_squares())
        with pytest.raises(CommandError, match="--division"):
            call_command("import_divisions", str(path))
        assert Area.objects.count() == 0

    def test_bad_srid_option(self, tmp_path, db):
        path = write(tmp_path, samples.parent_squares())
        with pytest.raises(CommandError, match="Unsupported coordinate reference system 'EPSG:2393'"):
            call_command("import_divisions", str(path), "--division", "suurpiiri", "--srid", "EPSG:2393")

    def test_missing_file(self, tmp_path, db):
        with pytest.raises(CommandError, match="File not found.*Nothing was changed"):
            call_command("import_divisions", str(tmp_path / "nope.geojson"), "--division", "suurpiiri")
