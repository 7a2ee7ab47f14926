"""The service's URLs plus a synthetic layer of 10 000 points for the load test."""

from django.http import JsonResponse
from django.urls import path

from geo_osallisuus.urls import urlpatterns as service_urlpatterns

POINT_COUNT = 10_000
PAGE_SIZE = 1000
# A 100 x 100 grid over central and eastern Helsinki (EPSG:4326).
WEST, SOUTH, EAST, NORTH = 24.85, 60.16, 25.15, 60.28


def grid_point(index: int) -> list[float]:
    row, column = divmod(index, 100)
    return [round(WEST + (EAST - WEST) * column / 99, 6), round(SOUTH + (NORTH - SOUTH) * row / 99, 6)]


def many_points(request):
    page = int(request.GET.get("page", "1"))
    first = (page - 1) * PAGE_SIZE
    indices = range(first, min(first + PAGE_SIZE, POINT_COUNT))
    features = [
        {
            "type": "Feature",
            "id": index,
            "geometry": {"type": "Point", "coordinates": grid_point(index)},
            "properties": {"name": f"Item {index}", "status": "pending"},
        }
        for index in indices
    ]
    more = first + PAGE_SIZE < POINT_COUNT
    return JsonResponse(
        {"type": "FeatureCollection", "features": features, "next": f"{request.path}?page={page + 1}" if more else None}
    )


urlpatterns = [path("test-points/", many_points), *service_urlpatterns]
