"""The area index of located content: right after writes, moves, deletions and division re-imports."""

import pytest
from django.contrib.gis.geos import LineString, Polygon
from django.core.management import call_command

from areas.located import located_refresh, located_refresh_areas
from areas.models import Area, AreaMembership, DivisionType
from areas.selectors import area_lookup
from cases.models import Case
from cases.services import case_geometry_sync, case_location_create, case_location_delete
from tests.areas import samples
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")


def indexed(item) -> dict[str, set[str]]:
    """division slug -> codes of the areas the item is indexed in."""
    rows = AreaMembership.objects.filter(object_id=item.pk, content_type__model=type(item)._meta.model_name)
    result: dict[str, set[str]] = {}
    for row in rows.select_related("area", "division"):
        result.setdefault(row.division.slug, set()).add(row.area.code)
    return result


def codes_at(point) -> dict[str, set[str]]:
    return {a.division.slug: {a.code} for a in area_lookup(point=point).areas}


def test_a_located_case_is_indexed_in_the_area_of_every_division():
    case = factories.case(geometry=factories.STATION_3067)
    assert indexed(case) == codes_at(factories.STATION_3067)
    assert set(indexed(case)) == {"suurpiiri", "peruspiiri", "osa-alue"}


def test_an_unlocated_case_is_in_no_area():
    case = factories.case()
    assert indexed(case) == {}
    assert Case.objects.in_areas(Area.objects.all()).count() == 0


def test_moving_a_location_moves_the_index():
    case = factories.case(geometry=factories.STATION_3067)
    far = factories.at(14000, 5000)  # Vuosaari direction
    case_location_delete(location=case.locations.get())
    assert indexed(case) == {}
    case_location_create(case=case, geometry=far)
    assert indexed(case) == codes_at(far)
    assert indexed(case) != codes_at(factories.STATION_3067)


def test_several_locations_index_every_area_and_within_needs_all_inside():
    west, east = factories.at(0, 0), factories.at(9000, 6000)
    case = factories.case(geometry=west)
    case_location_create(case=case, geometry=east)
    case.refresh_from_db()
    assert case.geometry.geom_type == "MultiPoint"
    expected = {slug: codes_at(west).get(slug, set()) | codes_at(east).get(slug, set()) for slug in codes_at(west)}
    assert indexed(case) == expected
    west_osa = Area.objects.get(division__slug="osa-alue", code__in=codes_at(west)["osa-alue"])
    assert Case.objects.in_areas([west_osa]).filter(pk=case.pk).exists()
    assert not Case.objects.within_area(west_osa).filter(pk=case.pk).exists()


def test_a_line_across_a_boundary_touches_both_areas_and_lies_in_neither():
    line = LineString(factories.at(-3000, 0).coords, factories.at(3000, 0).coords, srid=3067)
    case = factories.case(geometry=line)
    rows = AreaMembership.objects.filter(object_id=case.pk, division__slug="osa-alue")
    assert rows.count() >= 2
    assert not rows.filter(covers=True).exists()


def test_a_small_polygon_lies_wholly_inside_its_areas():
    x, y = factories.STATION_3067.coords
    case = factories.case(geometry=Polygon.from_bbox((x - 20, y - 20, x + 20, y + 20)))
    case.refresh_from_db()
    rows = AreaMembership.objects.filter(object_id=case.pk)
    assert rows.count() == 3 and all(r.covers for r in rows)


def test_deleting_a_case_deletes_its_index_rows():
    case = factories.case(geometry=factories.STATION_3067)
    pk = case.pk
    case.delete()
    assert not AreaMembership.objects.filter(object_id=pk).exists()


def test_spaces_are_indexed_too():
    space = factories.space("Testitila", factories.STATION_3067)
    assert indexed(space) == codes_at(factories.STATION_3067)


def test_refresh_is_idempotent():
    case = factories.case(geometry=factories.STATION_3067)
    before = sorted(AreaMembership.objects.values_list("object_id", "area_id", "covers"))
    located_refresh(model=Case)
    located_refresh(model=Case, ids=[case.pk])
    case_geometry_sync(case_ids=[case.pk])
    assert sorted(AreaMembership.objects.values_list("object_id", "area_id", "covers")) == before


class TestDivisionReimport:
    """Importing a division (here: kaupunginosat from a file) rebuilds the index against it."""

    def write(self, tmp_path, polygons, name="kaupunginosat.geojson"):
        return samples.write_geojson(tmp_path / name, samples.feature_collection(polygons))

    def test_import_indexes_existing_items_in_the_new_areas(self, tmp_path, run_import):
        inside = factories.case(geometry=samples.square(samples.ORIGIN_X, samples.ORIGIN_Y, 2000).centroid)
        run_import(self.write(tmp_path, samples.parent_squares()))
        assert indexed(inside)["kaupunginosa"] == {"1"}

    def test_reshaped_areas_move_items_between_them(self, tmp_path, run_import):
        # 500 m inside parent 1 from its east edge.
        point = samples.square(samples.ORIGIN_X + 1500, samples.ORIGIN_Y + 500, 1).centroid
        case = factories.case(geometry=point)
        run_import(self.write(tmp_path, samples.parent_squares()))
        assert indexed(case)["kaupunginosa"] == {"1"}
        moved = {
            "1": Polygon.from_bbox((samples.ORIGIN_X, samples.ORIGIN_Y, samples.ORIGIN_X + 1000, samples.ORIGIN_Y + 2000)),
            "2": Polygon.from_bbox(
                (samples.ORIGIN_X + 1000, samples.ORIGIN_Y, samples.ORIGIN_X + 4000, samples.ORIGIN_Y + 2000)
            ),
        }
        run_import(self.write(tmp_path, moved))
        assert indexed(case)["kaupunginosa"] == {"2"}
        # Other divisions are untouched.
        assert indexed(case)["osa-alue"] == codes_at(point)["osa-alue"]

    def test_removed_areas_leave_no_index_rows(self, tmp_path, run_import):
        point = samples.square(samples.ORIGIN_X + 2500, samples.ORIGIN_Y + 500, 1).centroid
        case = factories.case(geometry=point)
        run_import(self.write(tmp_path, samples.parent_squares()))
        assert indexed(case)["kaupunginosa"] == {"2"}
        run_import(self.write(tmp_path, {"1": samples.parent_squares()["1"]}), allow_mass_delete=True)
        assert "kaupunginosa" not in indexed(case)

    def test_dry_run_leaves_the_index_alone(self, tmp_path, run_import):
        case = factories.case(geometry=samples.square(samples.ORIGIN_X, samples.ORIGIN_Y, 2000).centroid)
        run_import(self.write(tmp_path, samples.parent_squares()), dry_run=True)
        assert "kaupunginosa" not in indexed(case)

    def test_the_import_command_keeps_the_index(self, tmp_path):
        case = factories.case(geometry=samples.square(samples.ORIGIN_X, samples.ORIGIN_Y, 2000).centroid)
        call_command(
            "import_divisions", str(self.write(tmp_path, samples.parent_squares())), division="kaupunginosa", verbosity=0
        )
        assert indexed(case)["kaupunginosa"] == {"1"}


def test_demo_reload_repairs_the_index_after_areas_change():
    case = factories.case(geometry=factories.STATION_3067)
    expected = indexed(case)
    AreaMembership.objects.all().delete()
    call_command("load_demo_data", verbosity=0)
    assert indexed(case) == expected


def test_refresh_areas_needs_a_scope():
    with pytest.raises(TypeError):
        located_refresh_areas()
    assert located_refresh_areas(division=DivisionType.objects.get(slug="kaupunginosa")) == 0
