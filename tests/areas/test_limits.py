"""The areas' limits, each at the limit, one inside and one outside (README):
a re-import may remove at most 20 % of a division's areas, a child belongs to
the parent that holds at least 90 % of it, a located list takes at most 50
areas and a radius of at most 50 km."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Polygon

from areas.api.params import MSG_OUT_OF_RANGE
from areas.importing.readers import ImportFileError
from areas.models import Area
from tests.areas import samples
from tests.cases import factories

X, Y = samples.ORIGIN_X, samples.ORIGIN_Y


def write(tmp_path, polygons, name="a.geojson"):
    return samples.write_geojson(tmp_path / name, samples.feature_collection(polygons))


def row_of_squares(count: int) -> dict[str, Polygon]:
    return {str(100 + i): samples.square(X + 500 * i, Y, 500) for i in range(count)}


@pytest.mark.parametrize(
    "existing, removed, allowed",
    [
        (6, 1, True),  # 17 %
        (5, 1, True),  # 20 %: the limit itself
        (4, 1, False),  # 25 %
        (10, 2, True),  # 20 %
        (9, 2, False),  # 22 %
    ],
)
def test_a_reimport_may_remove_a_fifth_of_the_areas(tmp_path, run_import, existing, removed, allowed):
    squares = row_of_squares(existing)
    run_import(write(tmp_path, squares, "first.geojson"))
    kept = dict(list(squares.items())[removed:])
    if allowed:
        assert run_import(write(tmp_path, kept, "second.geojson")).removed == removed
        assert set(Area.objects.values_list("code", flat=True)) == set(kept)
    else:
        with pytest.raises(ImportFileError, match="needs --allow-mass-delete. Nothing was changed."):
            run_import(write(tmp_path, kept, "second.geojson"))
        assert set(Area.objects.values_list("code", flat=True)) == set(squares)


@pytest.mark.parametrize("share_in_first, parent", [(0.89, None), (0.9, "1"), (0.91, "1"), (0.11, None), (0.09, "2"), (0.5, None)])
def test_a_child_belongs_to_the_parent_holding_nine_tenths_of_it(tmp_path, run_import, share_in_first, parent):
    """Parents 1 and 2 are side by side, the border at X + 2000; the child is 1000 m wide."""
    run_import(write(tmp_path, samples.parent_squares(), "p.geojson"), slug="suurpiiri")
    left = X + 2000 - 1000 * share_in_first
    child = {"150": Polygon.from_bbox((left, Y, left + 1000, Y + 1000))}
    run_import(write(tmp_path, child, "c.geojson"), slug="peruspiiri")
    found = Area.objects.get(code="150").parent
    assert (found.code if found else None) == parent


@pytest.mark.parametrize("count, allowed", [(49, True), (50, True), (51, False)])
def test_a_located_list_takes_at_most_50_areas(api_client, demo_areas, count, allowed):
    ids = list(Area.objects.order_by("pk").values_list("pk", flat=True)[:count])
    assert len(ids) == count
    response = api_client.get("/api/v1/cases/", {"area": ",".join(map(str, ids))})
    if allowed:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 400
        assert str(response.json()["detail"]) == f"Parameter area names {count} areas; at most 50 are accepted."


@pytest.mark.parametrize("radius, allowed", [(49_999, True), (50_000, True), (50_001, False)])
def test_a_located_list_takes_a_radius_of_at_most_50_km(api_client, demo_areas, radius, allowed):
    case = factories.case(geometry=factories.STATION_3067)
    response = api_client.get("/api/v1/cases/", {"near": "60.1699,24.9384", "radius": radius})
    if allowed:
        assert response.status_code == 200, response.content
        assert [f["id"] for f in response.json()["features"]] == [case.pk]
    else:
        assert response.status_code == 400
        assert str(response.json()["detail"]) == str(MSG_OUT_OF_RANGE).format(
            name="radius", low=1, high=50_000, value=radius
        )
