"""Overlap figures on geometry where the answer is known exactly, and the issue's done-when check."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from areas.models import Area, DivisionType
from map_ui.layers import layer_registry
from map_ui.sections import area_sections
from resident_areas import registry
from resident_areas.models import ResidentArea

from .conftest import area, geojson_of

URL = "/api/v1/resident-areas/"


def rectangle(x0, y0, x1, y1) -> Polygon:
    return Polygon(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), srid=3067)


@pytest.fixture
def test_division(demo_areas):
    """Two official 1 km × 1 km squares side by side, somewhere wholly inside the city,
    with populations 1 000 and 2 000."""
    from django.contrib.gis.db.models.functions import Area as Surface

    for candidate in Area.objects.filter(division__slug="osa-alue").annotate(s=Surface("geometry")).order_by("-s")[:30]:
        x, y = candidate.geometry.point_on_surface.coords
        box = rectangle(x - 1000, y - 500, x + 1000, y + 500)
        if Area.objects.filter(division__slug="suurpiiri", geometry__covers=box).exists():
            break
    else:
        pytest.fail("no osa-alue found with room for the test squares")
    division = DivisionType.objects.create(slug="testijako", name="Testijako", is_official=True, level=60)
    west = Area.objects.create(
        division=division, code="W", name="Länsi", population=1000, geometry=MultiPolygon(rectangle(x - 1000, y - 500, x, y + 500))
    )
    east = Area.objects.create(
        division=division, code="E", name="Itä", population=2000, geometry=MultiPolygon(rectangle(x, y - 500, x + 1000, y + 500))
    )
    return x, y, west, east


@pytest.mark.django_db
def test_overlap_on_crafted_squares(test_division, client_as, users):
    x, y, west, east = test_division
    # 1000 m × 400 m: 300 m in the west square, 700 m in the east one.
    shape = rectangle(x - 300, y - 200, x + 700, y + 200)
    response = client_as("author").post(URL, {"name_fi": "Rajalla", "geometry": geojson_of(shape), "srid": "3067"}, format="json")
    assert response.status_code == 201, response.content
    body = client_as("author").get(f"{URL}{response.json()['id']}/overlap/").json()
    assert body["surface_m2"] == pytest.approx(400_000)
    division = next(d for d in body["divisions"] if d["division"] == "testijako")
    shares = {a["code"]: a for a in division["areas"]}
    assert set(shares) == {"W", "E"}
    assert shares["W"]["share"] == pytest.approx(0.3, abs=1e-12)
    assert shares["E"]["share"] == pytest.approx(0.7, abs=1e-12)
    assert shares["W"]["overlap_m2"] == pytest.approx(120_000)
    assert shares["W"]["share_of_official_area"] == pytest.approx(0.12, abs=1e-12)
    assert shares["E"]["share_of_official_area"] == pytest.approx(0.28, abs=1e-12)
    assert division["covered_percent"] == 100.0
    # 1000 × 0.12 + 2000 × 0.28
    assert division["population_estimate"] == 680
    assert body["population_estimate"] == 680  # the finest division whose populations are all known
    assert body["contents"]["cases"] == {"total": 0, "within": 0}
    # Every official division that covers the city covers the area whole.
    for entry in body["divisions"]:
        if entry["division"] in ("suurpiiri", "peruspiiri", "osa-alue"):
            assert entry["covered_share"] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.django_db
def test_done_when_two_osa_alueet_split_exactly_and_approved_area_is_found_by_lookup(demo_areas, client_as, users):
    a, b = area("osa-alue", "010"), area("osa-alue", "020")
    response = client_as("planner").post(URL, {"name_fi": "Kruununhaka ja Kluuvi", "areas": [a.pk, b.pk]}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    overlap = client_as("planner").get(f"{URL}{pk}/overlap/").json()
    osa = next(d for d in overlap["divisions"] if d["division"] == "osa-alue")
    assert osa["covered_percent"] == 100.0
    assert sorted(x["code"] for x in osa["areas"]) == ["010", "020"]
    total = a.geometry.area + b.geometry.area
    shares = {x["code"]: x["share"] for x in osa["areas"]}
    assert shares["010"] == pytest.approx(a.geometry.area / total, abs=1e-9)
    assert shares["020"] == pytest.approx(b.geometry.area / total, abs=1e-9)
    assert shares["010"] + shares["020"] == pytest.approx(1.0, abs=1e-12)
    peruspiiri = next(d for d in overlap["divisions"] if d["division"] == "peruspiiri")
    assert [x["code"] for x in peruspiiri["areas"]] == ["101"]

    # Not in the lookup while proposed; there once approved.
    lon, lat = a.geometry.point_on_surface.transform(4326, clone=True).coords
    def lookup_codes():
        found = client_as("anonymous").get("/api/v1/lookup/", {"lat": lat, "lon": lon}).json()
        return {(x["division"], x["code"]) for x in found["areas"]}

    assert not any(division == "asukasalue" for division, _ in lookup_codes())
    assert client_as("planner").post(f"{URL}{pk}/moderate/", {"decision": "approve"}, format="json").status_code == 200
    assert ("asukasalue", f"A-{pk}") in lookup_codes()
    assert ("osa-alue", "010") in lookup_codes()


@pytest.mark.django_db
def test_the_map_layer_and_the_area_page_section(demo_areas, client_as, client):
    layer = next(layer for layer in layer_registry.layers() if layer.key == registry.LAYER_KEY)
    assert layer.source_url().startswith("/api/v1/resident-areas/?state=approved")
    response = client_as("planner").post(
        URL, {"name_fi": "Kruununhaka", "areas": [area("osa-alue", "010").pk]}, format="json"
    )
    pk = response.json()["id"]
    assert client_as("anonymous").get(layer.source_url()).json()["features"] == []
    client_as("planner").post(f"{URL}{pk}/moderate/", {"decision": "approve"}, format="json")
    features = client_as("anonymous").get(layer.source_url()).json()["features"]
    assert [f["properties"]["code"] for f in features] == [f"A-{pk}"]
    assert registry.SECTION_KEY in {s.key for s in area_sections.sections()}
    page = client.get(f"/en/alue/asukasalue/A-{pk}/")
    assert page.status_code == 200
    assert "Kruununhaka" in page.content.decode()
    assert "100.0%" in page.content.decode()  # the reader's number format (English)
    assert ResidentArea.objects.get().area.code == f"A-{pk}"


@pytest.mark.django_db
def test_the_schema_documents_the_resident_area_endpoints(client_as):
    schema = client_as("anonymous").get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/resident-areas/", "/api/v1/resident-areas/{id}/moderate/", "/api/v1/resident-areas/{id}/overlap/",
                 "/api/v1/resident-areas/{id}/history/", "/api/v1/resident-areas/{id}/geometry/"):
        assert path in schema["paths"]
    assert "multipart/form-data" in schema["paths"]["/api/v1/resident-areas/"]["post"]["requestBody"]["content"]
