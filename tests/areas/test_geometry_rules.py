"""The checks every geometry from outside passes, at their limits: the vertex limit
(at it, one over), ring length (4 positions) and closure, positions of 2 or 3 finite
numbers, collection depth, Helsinki's extent with its margin, the smallest area.
Plain functions on GEOS geometries and parsed JSON; the check of Helsinki's boundary
reads the database, which holds no divisions here (the box: tests/areas/test_boundary_rules.py)."""

from __future__ import annotations

import math

import pytest
from django.contrib.gis.geos import GeometryCollection, LineString, MultiPolygon, Point, Polygon

from areas import geometry as g
from areas.geometry import GeometryError

pytestmark = pytest.mark.django_db

# A 100 m square in Kallio (EPSG:3067) and the extent's corners (376000, 6644000, 404000, 6686500).
X, Y = 387_000.0, 6_674_000.0
MARGIN = 5000.0


def square(x=X, y=Y, side=100.0, srid=3067) -> Polygon:
    return Polygon.from_bbox((x, y, x + side, y + side)) if srid is None else Polygon(
        ((x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)), srid=srid)


def message(exc) -> str:
    return str(exc.value)


class TestExtent:
    def test_the_extent_with_and_without_its_margin(self):
        assert g.helsinki_extent(margin=False).extent == (376_000.0, 6_644_000.0, 404_000.0, 6_686_500.0)
        assert g.helsinki_extent().extent == (376_000.0 - MARGIN, 6_644_000.0 - MARGIN, 404_000.0 + MARGIN, 6_686_500.0 + MARGIN)
        assert g.helsinki_extent().srid == 3067


class TestCleanPolygonal:
    def test_a_valid_polygon_becomes_a_multipolygon_in_3067(self):
        clean = g.clean_polygonal(square().transform(4326, clone=True))
        assert isinstance(clean.geometry, MultiPolygon) and clean.geometry.srid == 3067
        assert clean.geometry.area == pytest.approx(100 * 100, rel=1e-6) and clean.repaired is False

    def test_a_bow_tie_is_repaired_into_its_two_triangles(self):
        bow = Polygon(((X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100), (X, Y)), srid=3067)
        clean = g.clean_polygonal(bow)
        assert clean.repaired is True and len(clean.geometry) == 2 and clean.geometry.srid == 3067
        assert clean.geometry.area == pytest.approx(2 * 2500)

    def test_a_line_shaped_invalid_polygon_has_no_polygon_left(self):
        flat = Polygon(((X, Y), (X + 100, Y), (X + 200, Y), (X, Y)), srid=3067)
        with pytest.raises(GeometryError) as exc:
            g.clean_polygonal(flat)
        assert message(exc) == str(g.MSG_GEOMETRY_INVALID).format(reason=flat.valid_reason)

    @pytest.mark.parametrize(("side", "ok"), [(1.0, True), (0.99, False)])
    def test_the_smallest_area_is_one_square_metre(self, side, ok):
        if ok:
            assert g.clean_polygonal(square(side=side)).geometry.area == pytest.approx(side * side)
        else:
            with pytest.raises(GeometryError) as exc:
                g.clean_polygonal(square(side=side))
            assert message(exc) == str(g.MSG_GEOMETRY_NO_AREA)

    def test_the_vertex_limit(self, settings):
        settings.GEOMETRY_MAX_VERTICES = 5  # the square has 5 positions
        assert g.clean_polygonal(square()).geometry.num_coords == 5
        settings.GEOMETRY_MAX_VERTICES = 4
        with pytest.raises(GeometryError) as exc:
            g.clean_polygonal(square())
        assert message(exc) == str(g.MSG_GEOMETRY_TOO_COMPLEX).format(count=5, limit=4)

    def test_refusals(self):
        for geom, text in (
            (Polygon(srid=3067), str(g.MSG_GEOMETRY_EMPTY)),
            (Point(X, Y, srid=3067), str(g.MSG_GEOMETRY_NOT_POLYGONAL).format(kind="Point")),
            (square(x=500_000.0), str(g.MSG_GEOMETRY_OUTSIDE)),
        ):
            with pytest.raises(GeometryError) as exc:
                g.clean_polygonal(geom)
            assert message(exc) == text

    def test_the_extent_check_can_be_skipped(self):
        assert g.clean_polygonal(square(x=500_000.0), check_extent=False).geometry.area == pytest.approx(10_000)

    def test_polygons_of_a_repair_result(self):
        line = LineString((X, Y), (X + 1, Y + 1), srid=3067)
        collection = GeometryCollection(square(), line, srid=3067)
        assert [p.area for p in g._polygons_of(collection)] == [10_000]
        assert g._polygons_of(line) == []
        assert g._polygons_of(Polygon(srid=3067)) == []
        assert [p.area for p in g._polygons_of(MultiPolygon(square(), srid=3067))] == [10_000]


class TestCleanLocated:
    def test_a_polygon_stays_a_polygon_and_a_multipolygon_a_multipolygon(self):
        assert g.clean_located(square()).geometry.geom_type == "Polygon"
        assert g.clean_located(MultiPolygon(square(), srid=3067)).geometry.geom_type == "MultiPolygon"

    def test_a_point_and_a_line_in_3067(self):
        clean = g.clean_located(Point(24.9384, 60.1699, srid=4326))
        assert clean.geometry.srid == 3067 and clean.repaired is False
        assert g.clean_located(LineString((X, Y), (X + 10, Y), srid=3067)).geometry.length == pytest.approx(10)

    def test_refusals(self, settings):
        settings.GEOMETRY_MAX_VERTICES = 2
        for geom, text in (
            (GeometryCollection(Point(X, Y), srid=3067), str(g.MSG_GEOMETRY_KIND).format(kind="GeometryCollection")),
            (Point(srid=3067), str(g.MSG_GEOMETRY_EMPTY)),
            (LineString((X, Y), (X + 1, Y), (X + 2, Y), srid=3067), str(g.MSG_GEOMETRY_TOO_COMPLEX).format(count=3, limit=2)),
            (Point(500_000.0, Y, srid=3067), str(g.MSG_GEOMETRY_OUTSIDE)),
        ):
            with pytest.raises(GeometryError) as exc:
                g.clean_located(geom)
            assert message(exc) == text
        assert g.clean_located(LineString((X, Y), (X + 1, Y), srid=3067)).geometry.num_coords == 2  # at the limit

    @pytest.mark.parametrize("multi", [False, True])
    def test_a_polygon_outside_helsinki_is_refused(self, multi):
        geom = MultiPolygon(square(x=500_000.0), srid=3067) if multi else square(x=500_000.0)
        with pytest.raises(GeometryError) as exc:
            g.clean_located(geom)
        assert message(exc) == str(g.MSG_GEOMETRY_OUTSIDE)

    def test_an_invalid_line_is_refused_not_repaired(self):
        line = LineString((X, Y), (X, Y), srid=3067)
        with pytest.raises(GeometryError) as exc:
            g.clean_located(line)
        assert message(exc) == str(g.MSG_GEOMETRY_INVALID).format(reason=line.valid_reason)

    @pytest.mark.parametrize("multi", [False, True])
    def test_an_invalid_polygon_is_repaired(self, multi):
        bow = Polygon(((X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100), (X, Y)), srid=3067)
        clean = g.clean_located(MultiPolygon(bow, srid=3067) if multi else bow)
        assert clean.repaired is True and clean.geometry.geom_type == "MultiPolygon" and len(clean.geometry) == 2

    def test_the_extent_check_can_be_skipped(self):
        assert g.clean_located(Point(500_000.0, Y, srid=3067), check_extent=False).geometry.x == 500_000.0
        assert g.clean_located(square(x=500_000.0), check_extent=False).geometry.area == pytest.approx(10_000)


RING = [[24.9, 60.1], [25.0, 60.1], [25.0, 60.2], [24.9, 60.1]]


class TestGeojsonCheck:
    def check_refused(self, geometry, text):
        with pytest.raises(GeometryError) as exc:
            g.geojson_check(geometry)
        assert message(exc) == text

    def test_a_ring_of_four_positions_passes_and_of_three_is_refused(self):
        g.geojson_check({"type": "Polygon", "coordinates": [RING]})
        g.geojson_check({"type": "MultiPolygon", "coordinates": [[RING]]})
        self.check_refused({"type": "Polygon", "coordinates": [RING[1:]]}, str(g.MSG_RING_TOO_SHORT))
        self.check_refused({"type": "MultiPolygon", "coordinates": [[RING[1:]]]}, str(g.MSG_RING_TOO_SHORT))

    def test_a_line_of_two_positions_is_no_ring(self):
        g.geojson_check({"type": "LineString", "coordinates": RING[:2]})
        g.geojson_check({"type": "MultiLineString", "coordinates": [RING[:2]]})

    def test_an_unclosed_ring(self):
        ring = RING[:3] + [[24.95, 60.1]]
        self.check_refused({"type": "Polygon", "coordinates": [ring]}, str(g.MSG_RING_NOT_CLOSED))
        # A third coordinate does not count in the closure.
        g.geojson_check({"type": "Polygon", "coordinates": [[[24.9, 60.1, 5]] + RING[1:3] + [[24.9, 60.1, 7]]]})

    @pytest.mark.parametrize("position", [[1.0, 2.0], [1, 2, 3]])
    def test_two_or_three_finite_numbers(self, position):
        g.geojson_check({"type": "Point", "coordinates": position})

    @pytest.mark.parametrize(
        "position", [[1.0], [1, 2, 3, 4], [1.0, math.nan], [math.inf, 1.0], [True, 1.0], ["1", 2], [10**400, 1], (1, 2), None]
    )
    def test_bad_positions(self, position):
        self.check_refused({"type": "Point", "coordinates": position}, str(g.MSG_COORDINATE_BAD).format(value=repr(position)[:60]))

    def test_nesting_must_match_the_type(self):
        self.check_refused({"type": "LineString", "coordinates": [1.0, 2.0]}, str(g.MSG_COORDINATE_BAD).format(value="1.0"))
        self.check_refused({"type": "Polygon", "coordinates": [1.0, 2.0]}, str(g.MSG_GEOJSON_COORDINATES).format(kind="Polygon"))

    def test_unknown_types(self):
        self.check_refused([], str(g.MSG_GEOJSON_TYPE).format(value="list"))
        self.check_refused({"type": "Circle" * 20}, str(g.MSG_GEOJSON_TYPE).format(value=("Circle" * 20)[:40]))
        self.check_refused({"coordinates": [1, 2]}, str(g.MSG_GEOJSON_TYPE).format(value="None"))

    def test_collection_depth_limit(self):
        point = {"type": "Point", "coordinates": [1.0, 2.0]}
        nested = point
        for _ in range(g.GEOJSON_MAX_COLLECTION_DEPTH):
            nested = {"type": "GeometryCollection", "geometries": [nested]}
        g.geojson_check(nested)  # at the limit
        self.check_refused(
            {"type": "GeometryCollection", "geometries": [nested]},
            str(g.MSG_COLLECTION_TOO_DEEP).format(limit=g.GEOJSON_MAX_COLLECTION_DEPTH),
        )
        self.check_refused({"type": "GeometryCollection", "geometries": None}, str(g.MSG_GEOJSON_COORDINATES).format(kind="GeometryCollection"))
        self.check_refused({"type": "GeometryCollection", "geometries": [point, []]}, str(g.MSG_GEOJSON_TYPE).format(value="list"))

    def test_the_coordinate_limit_counts_across_a_collection(self, settings):
        settings.GEOMETRY_MAX_VERTICES = 4
        two = {"type": "MultiPoint", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}
        g.geojson_check({"type": "GeometryCollection", "geometries": [two, two]})  # 4: at the limit
        self.check_refused(
            {"type": "GeometryCollection", "geometries": [two, two, {"type": "Point", "coordinates": [5.0, 6.0]}]},
            str(g.MSG_COORDINATES_TOO_MANY).format(limit=4),
        )
