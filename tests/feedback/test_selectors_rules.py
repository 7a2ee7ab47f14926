"""Feedback privacy, worked out by hand for the 250 m public grid: a request is shown at
its cell's centre, near a cell's edges too; distances run from that centre, with the
radius itself included; the exact point and the contact fields are never loaded."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from areas.located import located_refresh
from areas.models import Area, DivisionType
from feedback.models import FeedbackRequest
from feedback.selectors import feedback_near_public, feedback_public_list
from luotsit.models import Luotsi

# A cell of the 250 m grid in Kallio (EPSG:3067): x 387 000–387 250, y 6 674 000–6 674 250.
CENTRE = (387_125.0, 6_674_125.0)


def request(services, x, y, text="Kuoppa") -> FeedbackRequest:
    return FeedbackRequest.objects.create(
        service=services["171"], description=text, geometry=Point(x, y, srid=3067),
        email="nimi@example.org", first_name="Etu", last_name="Suku", address_string="Kotikatu 1",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("x", "y", "centre"),
    [
        (387_000.5, 6_674_000.5, CENTRE),  # the cell's south-west corner
        (387_249.5, 6_674_249.5, CENTRE),  # its north-east corner
        (387_250.5, 6_674_124.0, (387_375.0, 6_674_125.0)),  # just over the east edge: the next cell
        (387_124.0, 6_673_999.5, (387_125.0, 6_673_875.0)),  # just under the south edge
    ],
)
def test_a_request_is_shown_at_its_cells_centre(db, services, x, y, centre):
    shown = feedback_public_list(srid=3067).get(pk=request(services, x, y).pk)
    assert (shown.public_point.x, shown.public_point.y) == centre
    assert json.loads(shown.public_geojson)["coordinates"] == list(centre)


def test_the_public_geojson_in_wgs84_is_the_centre_transformed_to_seven_decimals(db, services):
    shown = feedback_public_list().get(pk=request(services, 387_240.0, 6_674_010.0).pk)
    expected = Point(*CENTRE, srid=3067).transform(4326, clone=True)
    lon, lat = json.loads(shown.public_geojson)["coordinates"]
    assert lon == pytest.approx(expected.x, abs=1e-6) and lat == pytest.approx(expected.y, abs=1e-6)
    assert lon == round(lon, 7) and lat == round(lat, 7)
    assert (lon, lat) != (round(lon, 6), round(lat, 6))  # not fewer decimals either


def test_the_public_geojson_in_a_metric_crs_is_the_centre_to_the_centimetre(db, services):
    """In EPSG:3879 the cell centre has decimals: they are written to 2 (centimetres), not more."""
    shown = feedback_public_list(srid=3879).get(pk=request(services, 387_240.0, 6_674_010.0).pk)
    expected = Point(*CENTRE, srid=3067).transform(3879, clone=True)
    x, y = json.loads(shown.public_geojson)["coordinates"]
    assert x == pytest.approx(expected.x, abs=0.006) and y == pytest.approx(expected.y, abs=0.006)
    assert (x, y) == (round(x, 2), round(y, 2))
    assert (round(expected.x, 2), round(expected.y, 2)) != (expected.x, expected.y)  # the case has decimals


def test_the_exact_point_and_the_contacts_are_never_loaded(db, services):
    shown = feedback_public_list().get(pk=request(services, 387_240.0, 6_674_010.0).pk)
    assert {"geometry", "email", "first_name", "last_name", "address_string"} <= shown.get_deferred_fields()


def test_newest_first_then_the_higher_id(db, services):
    first, second, third = (request(services, *CENTRE, text=t) for t in ("first", "second", "third"))
    now = timezone.now()
    FeedbackRequest.objects.filter(pk=first.pk).update(requested_at=now + datetime.timedelta(hours=1))
    FeedbackRequest.objects.filter(pk__in=[second.pk, third.pk]).update(requested_at=now)
    assert list(feedback_public_list().values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]


def test_the_related_rows_and_the_area_index_come_in_two_queries(db, services, sectors, django_assert_num_queries):
    luotsi = Luotsi.objects.create(name="Lauri Luotsi")
    divisions = {slug: DivisionType.objects.get(slug=slug) for slug in ("suurpiiri", "osa-alue")}
    x, y = CENTRE
    cell = MultiPolygon(Polygon.from_bbox((x - 1000, y - 1000, x + 1000, y + 1000)), srid=3067)
    # Created smaller division first: the index lists larger divisions first, then by code.
    small = Area.objects.create(division=divisions["osa-alue"], code="001", name_fi="Pieni", geometry=cell)
    large_b = Area.objects.create(division=divisions["suurpiiri"], code="2", name_fi="Iso B", geometry=cell)
    large_a = Area.objects.create(division=divisions["suurpiiri"], code="1", name_fi="Iso A", geometry=cell)
    for text in ("a", "b"):
        FeedbackRequest.objects.create(
            service=services["171"], description=text, geometry=Point(x, y, srid=3067), sector=sectors["kymp"], luotsi=luotsi
        )
    located_refresh(model=FeedbackRequest)
    with django_assert_num_queries(2):
        shown = [
            (r.service.service_code, r.sector.code, r.luotsi.name, [(m.division.slug, m.area.code) for m in r.area_memberships.all()])
            for r in feedback_public_list()
        ]
    expected_areas = [(large_a.division.slug, "1"), (large_b.division.slug, "2"), (small.division.slug, "001")]
    assert shown == [("171", "kymp", "Lauri Luotsi", expected_areas)] * 2


def test_divisions_of_one_level_are_listed_by_their_slug_before_the_codes(db, services):
    """Two divisions on one level: the index lists one division's areas, then the other's
    (by slug), not their codes interleaved."""
    x, y = CENTRE
    cell = MultiPolygon(Polygon.from_bbox((x - 1000, y - 1000, x + 1000, y + 1000)), srid=3067)
    osa_alue = DivisionType.objects.get(slug="osa-alue")
    twin = DivisionType.objects.create(slug="alue-b", name_fi="Alue B", level=osa_alue.level)
    assert twin.slug < osa_alue.slug
    Area.objects.create(division=osa_alue, code="001", name_fi="Osa-alue", geometry=cell)
    Area.objects.create(division=twin, code="999", name_fi="Alue B", geometry=cell)
    pk = request(services, x, y).pk
    located_refresh(model=FeedbackRequest)
    shown = feedback_public_list().get(pk=pk)
    assert [(m.division.slug, m.area.code) for m in shown.area_memberships.all()] == [("alue-b", "999"), ("osa-alue", "001")]


class TestNear:
    # The exact point lies 120 m east and north of the centre; the query point 100 m west
    # of the centre is about 250 m from the exact point.
    EXACT = (387_245.0, 6_674_245.0)
    QUERY = Point(CENTRE[0] - 100, CENTRE[1], srid=3067)

    def test_the_radius_is_measured_from_the_centre_and_includes_its_end(self, db, services):
        pk = request(services, *self.EXACT).pk
        assert list(feedback_near_public(feedback_public_list(), point=self.QUERY, radius_m=100).values_list("pk", flat=True)) == [pk]

    def test_one_step_short_of_the_centre_finds_nothing(self, db, services):
        request(services, *self.EXACT)
        assert not feedback_near_public(feedback_public_list(), point=self.QUERY, radius_m=99.9).exists()
