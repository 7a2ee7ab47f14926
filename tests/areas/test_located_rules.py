"""The area index, rule by rule: a refresh rewrites exactly the items (or areas) asked,
leaves no row of an area an item only touched, counts what it wrote; the area filters
tell touching from lying wholly inside."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import LineString, Polygon

from areas.located import located_refresh, located_refresh_areas
from areas.models import Area, AreaMembership, DivisionType
from areas.selectors import area_lookup
from cases.models import Case
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")


def rows(item) -> set[tuple[str, str, bool]]:
    found = AreaMembership.objects.filter(object_id=item.pk, content_type__model=type(item)._meta.model_name)
    return {(r.division.slug, r.area.code, r.covers) for r in found.select_related("area", "division")}


def covering(point) -> set[tuple[str, str, bool]]:
    return {(a.division.slug, a.code, True) for a in area_lookup(point=point).areas}


def line_across():
    """A line across osa-alue boundaries: it touches several areas and lies in none of them wholly."""
    return LineString(factories.at(-3000, 0).coords, factories.at(3000, 0).coords, srid=3067)


class TestRefresh:
    def test_a_moved_item_keeps_no_row_of_an_area_it_only_touched(self):
        case = factories.case(geometry=line_across())
        assert any(not covers for _d, _c, covers in rows(case))
        far = factories.at(14000, 5000)
        Case.objects.filter(pk=case.pk).update(geometry=far)
        assert located_refresh(model=Case, ids=[case.pk]) == len(covering(far)) == 3
        assert rows(case) == covering(far)

    def test_only_the_items_asked_are_rewritten(self):
        moved, other = factories.case(geometry=factories.at(0, 0)), factories.case(geometry=factories.at(0, 0))
        far = factories.at(14000, 5000)
        Case.objects.filter(pk__in=[moved.pk, other.pk]).update(geometry=far)
        located_refresh(model=Case, ids=[moved.pk, moved.pk])
        assert rows(moved) == covering(far)
        assert rows(other) == covering(factories.at(0, 0))  # not asked: its old rows stay

    def test_no_ids_rewrites_nothing_and_none_rewrites_all(self):
        a, b = factories.case(geometry=factories.at(0, 0)), factories.case(geometry=factories.at(0, 0))
        far = factories.at(14000, 5000)
        Case.objects.filter(pk__in=[a.pk, b.pk]).update(geometry=far)
        assert located_refresh(model=Case, ids=[]) == 0
        assert rows(a) == covering(factories.at(0, 0))
        assert located_refresh(model=Case) == 6
        assert rows(a) == rows(b) == covering(far)

    def test_an_unlocated_item_gets_no_rows(self):
        case = factories.case()
        assert located_refresh(model=Case, ids=[case.pk]) == 0 and rows(case) == set()


class TestRefreshAreas:
    def test_only_the_areas_asked_are_rebuilt(self):
        case = factories.case(geometry=factories.at(0, 0))
        before = rows(case)
        AreaMembership.objects.filter(object_id=case.pk).delete()
        osa_alue = Area.objects.get(division__slug="osa-alue", code=next(c for d, c, _ in before if d == "osa-alue"))
        assert located_refresh_areas(areas=[osa_alue, osa_alue.pk]) == 1
        assert rows(case) == {r for r in before if r[0] == "osa-alue"}
        assert located_refresh_areas(division=DivisionType.objects.get(slug="suurpiiri")) == 1
        assert rows(case) == {r for r in before if r[0] in ("osa-alue", "suurpiiri")}

    def test_a_division_refresh_drops_rows_no_longer_true(self):
        case = factories.case(geometry=factories.at(0, 0))
        before = rows(case)
        wrong = Area.objects.filter(division__slug="suurpiiri").exclude(
            code__in=[c for d, c, _ in before if d == "suurpiiri"]).first()
        AreaMembership.objects.create(
            content_type=ContentType.objects.get_for_model(Case), object_id=case.pk, area=wrong, division=wrong.division, covers=True
        )
        located_refresh_areas(division=wrong.division)
        assert rows(case) == before

    def test_no_areas_is_nothing_and_a_scope_is_needed(self):
        assert located_refresh_areas(areas=[]) == 0
        for kwargs in ({}, {"division": DivisionType.objects.get(slug="suurpiiri"), "areas": []}):
            with pytest.raises(TypeError, match=r"^Give either division or areas\.$"):
                located_refresh_areas(**kwargs)


class TestFilters:
    def test_touching_and_wholly_inside(self):
        x, y = factories.STATION_3067.coords
        inside = factories.case(geometry=Polygon.from_bbox((x - 20, y - 20, x + 20, y + 20)))
        across = factories.case(geometry=line_across())
        touched = [Area.objects.get(division__slug=d, code=c) for d, c, cov in rows(across) if not cov]
        home = Area.objects.get(division__slug="osa-alue", code=next(c for d, c, _ in rows(inside) if d == "osa-alue"))
        assert set(Case.objects.in_areas([home])) >= {inside}
        assert list(Case.objects.within_area(home)) == [inside]
        assert list(Case.objects.within_area(home.pk)) == [inside]
        assert across in Case.objects.in_areas([a.pk for a in touched]) and across not in Case.objects.within_area(touched[0])
        kaupunginosa = DivisionType.objects.get(slug="kaupunginosa")
        assert set(Case.objects.in_division(DivisionType.objects.get(slug="osa-alue"))) == {inside, across}
        assert not Case.objects.in_division(kaupunginosa.pk).exists()

    def test_wholly_inside_one_area_is_not_wholly_inside_another(self):
        inside = factories.case(geometry=factories.STATION_3067)
        home_code = next(c for d, c, _ in rows(inside) if d == "osa-alue")
        elsewhere = Area.objects.filter(division__slug="osa-alue").exclude(code=home_code).first()
        assert list(Case.objects.within_area(Area.objects.get(division__slug="osa-alue", code=home_code))) == [inside]
        assert not Case.objects.within_area(elsewhere).exists()

    def test_an_item_of_another_kind_with_the_same_id_is_not_this_kinds(self):
        """The index holds every located model's items by id: a space indexed in an area says
        nothing of the unlocated case that happens to have the same id."""
        from spaces.models import Space

        case = factories.case()
        space = factories.space("Kirjasto", factories.STATION_3067)
        Space.objects.filter(pk=space.pk).update(id=case.pk)
        located_refresh(model=Space)
        home = area_lookup(point=factories.STATION_3067).areas[0]
        assert Space.objects.in_areas([home]).filter(pk=case.pk).exists()
        assert not Case.objects.in_areas([home]).exists()
        assert not Case.objects.in_division(home.division).exists()
