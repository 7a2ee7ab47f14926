"""The admin: pages with map widgets render, and a location a planner draws is indexed."""

import pytest
from django.contrib.auth import get_user_model

from areas.models import AreaMembership
from cases.models import Case, CaseLocation
from tests.boundary_places import BORDER_HELSINKI, NEIGHBOURS
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("planner", "planner@example.fi", "x" * 20)
    client.force_login(user)
    return client


def test_pages_render(admin_client):
    case = factories.case(geometry=factories.STATION_3067)
    space = factories.space("Tila", factories.STATION_3067)
    for url in [
        "/admin/cases/case/",
        "/admin/cases/case/?located=no",
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/caselocation/",
        f"/admin/cases/caselocation/{case.locations.get().pk}/change/",
        "/admin/spaces/space/",
        f"/admin/spaces/space/{space.pk}/change/",
        "/admin/areas/address/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert b"geometry" in admin_client.get(f"/admin/cases/case/{case.pk}/change/").content


def test_a_planner_places_an_unlocated_case(admin_client):
    case = factories.case(title="Ilman paikkaa")
    point = factories.STATION_3067
    response = admin_client.post(
        "/admin/cases/caselocation/add/",
        {"case": case.pk, "geometry": point.ewkt, "description": "Asema"},
    )
    assert response.status_code == 302, response.content[:2000]
    case.refresh_from_db()
    assert case.geometry is not None
    assert case.locations.get().source == CaseLocation.Source.DRAWN
    assert AreaMembership.objects.filter(object_id=case.pk, content_type__model="case").count() == 3
    assert Case.objects.located(False).count() == 0


def test_a_location_outside_helsinki_is_refused(admin_client):
    case = factories.case(title="Ilman paikkaa")
    response = admin_client.post(
        "/admin/cases/caselocation/add/",
        {"case": case.pk, "geometry": "SRID=4326;POINT (24.6559 60.2055)"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "outside Helsinki" in response.content.decode()
    assert not CaseLocation.objects.exists()


@pytest.mark.parametrize(("name", "lonlat", "inside"), [
    *((name, lonlat, False) for name, lonlat in NEIGHBOURS.items()),
    ("Suomenlinna", BORDER_HELSINKI["Suomenlinna"], True),
])
def test_the_citys_boundary_not_its_box_decides(admin_client, name, lonlat, inside):
    case = factories.case(title="Rajalla")
    response = admin_client.post(
        "/admin/cases/caselocation/add/",
        {"case": case.pk, "geometry": f"SRID=4326;POINT ({lonlat[0]} {lonlat[1]})"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == (302 if inside else 200), name
    assert CaseLocation.objects.exists() is inside
