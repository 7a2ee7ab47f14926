"""Helsinki's true boundary (areas.boundary): the union of the official areas valid today,
with its tolerance, its fallback box and its cache, on real PostGIS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon
from django.utils import timezone

from areas import boundary as b
from areas.geometry import MSG_GEOMETRY_OUTSIDE, GeometryError, clean_located, helsinki_extent, is_within_helsinki, to_projection
from areas.importing.readers import ImportFileError
from areas.models import Area, DivisionType
from tests.areas import samples
from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS, SEA_BETWEEN_ISLANDS, place

pytestmark = pytest.mark.django_db

TOLERANCE = settings.HELSINKI_BOUNDARY_TOLERANCE_M
# An official 2 km square in Kallio: the whole city of the tests that load no demo areas.
X0, Y0, SIDE = 386_000.0, 6_672_000.0, 2_000.0
EAST = X0 + SIDE  # its east edge, a straight line x = EAST


def city_square(*, side: float = SIDE, slug: str = "kaupunginosa", code: str = "001", **fields) -> Area:
    square = MultiPolygon(Polygon.from_bbox((X0, Y0, X0 + side, Y0 + side)), srid=3067)
    return Area.objects.create(division=DivisionType.objects.get(slug=slug), code=code, name_fi="Testi", geometry=square, **fields)


def east_of_square(metres: float) -> Point:
    return Point(EAST + metres, Y0 + SIDE / 2, srid=3067)


class TestNeighboursAndBorder:
    """The real (demo) boundaries: the city's neighbours out, its border and islands in."""

    @pytest.mark.parametrize("name", NEIGHBOURS)
    def test_the_neighbours_inside_the_old_box_are_outside(self, demo_areas, name):
        point = to_projection(place(NEIGHBOURS[name]))
        assert helsinki_extent().contains(point)  # the old rule took it for Helsinki
        assert is_within_helsinki(point) is False
        with pytest.raises(GeometryError) as exc:
            clean_located(point)
        assert str(exc.value) == str(MSG_GEOMETRY_OUTSIDE)

    @pytest.mark.parametrize("name", BORDER_HELSINKI)
    def test_places_near_the_border_and_on_islands_are_inside(self, demo_areas, name):
        assert is_within_helsinki(place(BORDER_HELSINKI[name])) is True

    def test_the_sea_between_islands_is_the_citys(self, demo_areas):
        point = to_projection(place(SEA_BETWEEN_ISLANDS))
        assert Area.objects.filter(division__slug="osa-alue", geometry__covers=point).exists()
        assert is_within_helsinki(point) is True

    def test_the_open_sea_beyond_the_demo_divisions_is_not(self, demo_areas):
        # The demo leaves out the territorial sea (Aluemeri): a kilometre south of the outer
        # islands is no area's, though the old box reaches kilometres further.
        southernmost = b.helsinki_boundary().geometry.extent[1]
        point = Point(to_projection(place(BORDER_HELSINKI["Suomenlinna"])).x, southernmost - 1_000, srid=3067)
        assert helsinki_extent().contains(point)
        assert not Area.objects.filter(geometry__dwithin=(point, TOLERANCE)).exists()
        assert is_within_helsinki(point) is False


class TestTolerance:
    """At the tolerance, one metre inside it and one metre beyond, from a straight edge."""

    @pytest.mark.parametrize(("metres", "inside"), [(0.0, True), (TOLERANCE - 1, True), (TOLERANCE, True), (TOLERANCE + 1, False)])
    def test_a_point(self, metres, inside):
        city_square()
        assert is_within_helsinki(east_of_square(metres)) is inside

    @pytest.mark.parametrize(("reach", "inside"), [(TOLERANCE - 1, True), (TOLERANCE + 1, False)])
    def test_a_line_must_lie_wholly_within_it(self, reach, inside):
        city_square()
        line = LineString((EAST - 100, Y0 + 500), (EAST + reach, Y0 + 500), srid=3067)
        assert is_within_helsinki(line) is inside

    @pytest.mark.parametrize(("reach", "inside"), [(TOLERANCE - 1, True), (TOLERANCE + 1, False)])
    def test_a_polygon_must_lie_wholly_within_it(self, reach, inside):
        city_square()
        polygon = Polygon.from_bbox((EAST - 100, Y0 + 500, EAST + reach, Y0 + 600))
        polygon.srid = 3067
        assert is_within_helsinki(polygon) is inside

    def test_any_srid(self):
        city_square()
        assert is_within_helsinki(east_of_square(TOLERANCE - 1).transform(4326, clone=True)) is True
        assert is_within_helsinki(east_of_square(TOLERANCE + 1).transform(3879, clone=True)) is False


class TestWhichAreas:
    def test_every_official_division_counts(self):
        """The kaupunginosat alone are a city; a suurpiiri beside them widens it."""
        city_square()
        beyond = east_of_square(500)
        assert is_within_helsinki(beyond) is False
        square = MultiPolygon(Polygon.from_bbox((EAST, Y0, EAST + 1000, Y0 + SIDE)), srid=3067)
        Area.objects.create(division=DivisionType.objects.get(slug="suurpiiri"), code="9", name_fi="Itä", geometry=square)
        assert is_within_helsinki(beyond) is True

    def test_areas_residents_drew_do_not_widen_the_city(self):
        city_square()
        square = MultiPolygon(Polygon.from_bbox((EAST, Y0, EAST + 1000, Y0 + SIDE)), srid=3067)
        residents = DivisionType.objects.create(slug="asukkaiden", name="Asukkaiden", is_official=False)
        Area.objects.create(division=residents, code="1", name_fi="Oma", geometry=square)
        assert is_within_helsinki(east_of_square(500)) is False

    def test_only_areas_valid_today(self):
        today = timezone.localdate()
        city_square()
        city_square(side=3 * SIDE, slug="suurpiiri", code="1", valid_to=today - timedelta(days=1))
        city_square(side=3 * SIDE, slug="peruspiiri", code="2", valid_from=today + timedelta(days=1))
        assert is_within_helsinki(east_of_square(500)) is False
        Area.objects.filter(division__slug="peruspiiri").update(valid_from=today)
        assert is_within_helsinki(east_of_square(500)) is True


class TestFallback:
    """With no official area valid today the city is the old box: Helsinki's extent with its margin."""

    MARGIN = settings.HELSINKI_EXTENT_MARGIN_M

    @pytest.mark.parametrize(
        ("x", "y", "inside"),
        [
            (376_000.0 - MARGIN + 1, 6_660_000.0, True),
            (376_000.0 - MARGIN - 1, 6_660_000.0, False),
            (404_000.0 + MARGIN - 1, 6_660_000.0, True),
            (404_000.0 + MARGIN + 1, 6_660_000.0, False),
            (390_000.0, 6_644_000.0 - MARGIN + 1, True),
            (390_000.0, 6_644_000.0 - MARGIN - 1, False),
            (390_000.0, 6_686_500.0 + MARGIN - 1, True),
            (390_000.0, 6_686_500.0 + MARGIN + 1, False),
        ],
    )
    def test_the_box_and_its_margin_are_the_limit(self, x, y, inside):
        assert b.helsinki_boundary().is_fallback is True
        assert is_within_helsinki(Point(x, y, srid=3067)) is inside

    def test_a_neighbour_passes_until_divisions_are_loaded(self, demo_areas_built):
        otaniemi = place(NEIGHBOURS["Otaniemi, Espoo"])
        assert is_within_helsinki(otaniemi) is True
        from tests.demo_snapshot import demo_snapshot_restore

        demo_snapshot_restore()
        assert b.helsinki_boundary().is_fallback is False
        assert is_within_helsinki(otaniemi) is False

    def test_areas_no_longer_valid_leave_the_box(self):
        city_square(valid_to=timezone.localdate() - timedelta(days=1))
        assert b.helsinki_boundary().is_fallback is True


class TestCache:
    def test_the_union_is_built_once_per_state(self, django_assert_num_queries):
        city_square()
        b._cache.clear()
        with django_assert_num_queries(2):  # the signature, then the union
            b.helsinki_boundary()
        with django_assert_num_queries(1):  # the signature only
            first = b.helsinki_boundary()
        assert b.helsinki_boundary() is first

    def test_a_change_behind_the_orms_back_rebuilds_it_too(self):
        area = city_square()
        assert is_within_helsinki(east_of_square(500)) is False
        Area.objects.filter(pk=area.pk).update(geometry=MultiPolygon(Polygon.from_bbox((X0, Y0, EAST + 1000, Y0 + SIDE)), srid=3067))
        assert is_within_helsinki(east_of_square(500)) is True

    def test_an_edit_or_a_delete_rebuilds_it(self):
        area = city_square()
        assert is_within_helsinki(east_of_square(500)) is False
        area.geometry = MultiPolygon(Polygon.from_bbox((X0, Y0, EAST + 1000, Y0 + SIDE)), srid=3067)
        area.save()
        assert is_within_helsinki(east_of_square(500)) is True
        area.delete()
        assert b.helsinki_boundary().is_fallback is True

    def test_reimporting_divisions_refreshes_it(self, tmp_path, run_import):
        def write(polygons):
            return samples.write_geojson(tmp_path / "k.geojson", samples.feature_collection(polygons))

        first = {"1": samples.square(X0, Y0, SIDE)}
        run_import(write(first))
        assert is_within_helsinki(east_of_square(500)) is False
        wider = {"1": Polygon.from_bbox((X0, Y0, EAST + 1000, Y0 + SIDE))}
        summary = run_import(write(wider))
        assert summary.updated == 1
        assert is_within_helsinki(east_of_square(500)) is True
        # And back: the new line holds, not the remembered one.
        run_import(write(first))
        assert is_within_helsinki(east_of_square(500)) is False

    def test_a_dry_run_leaves_the_boundary_as_it_was(self, tmp_path, run_import):
        run_import(samples.write_geojson(tmp_path / "a.geojson", samples.feature_collection({"1": samples.square(X0, Y0, SIDE)})))
        wider = samples.feature_collection({"1": Polygon.from_bbox((X0, Y0, EAST + 1000, Y0 + SIDE))})
        run_import(samples.write_geojson(tmp_path / "b.geojson", wider), dry_run=True)
        assert is_within_helsinki(east_of_square(500)) is False


class TestDivisionImports:
    """Divisions draw the boundary, so they are held to the outer box, not to the line they move."""

    def test_a_division_may_reach_beyond_todays_boundary(self, tmp_path, run_import):
        city_square()
        beyond = {"9": samples.square(EAST + 2_000, Y0, 1_000)}  # 2 km east of the city so far
        summary = run_import(samples.write_geojson(tmp_path / "s.geojson", samples.feature_collection(beyond)), slug="suurpiiri")
        assert summary.created == 1

    def test_but_not_beyond_the_box(self, tmp_path, run_import):
        far = {"9": samples.square(240_000.0, 6_710_000.0, 1_000)}  # Turku
        with pytest.raises(ImportFileError) as exc:
            run_import(samples.write_geojson(tmp_path / "s.geojson", samples.feature_collection(far)), slug="suurpiiri")
        assert str(exc.value) == f"Feature 1 (code 9): {MSG_GEOMETRY_OUTSIDE}"


class TestClip:
    def test_a_polygon_across_the_line_keeps_its_part_inside(self):
        city_square()
        across = MultiPolygon(Polygon.from_bbox((EAST - 100, Y0, EAST + 100, Y0 + 100)), srid=3067)
        clipped = b.helsinki_boundary().clip(across)
        assert clipped.area == pytest.approx(100 * 100)
        assert clipped.extent == (EAST - 100, Y0, EAST, Y0 + 100)

    def test_a_polygon_wholly_outside_leaves_nothing(self):
        city_square()
        outside = MultiPolygon(Polygon.from_bbox((EAST + 10, Y0, EAST + 20, Y0 + 10)), srid=3067)
        assert b.helsinki_boundary().clip(outside) is None
