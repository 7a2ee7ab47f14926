"""The nearest pending cases, city spaces and budget projects to a point.

For the "what is near me" page, beside the point's areas and its luotsi. Each
list comes from its app's own selector and the shared `near()` (metres on
EPSG:3067); only what those public lists show is shown here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.geos import Point

from budgeting.selectors import project_list
from cases.models import Case
from cases.selectors import case_list
from map_ui.i18n import page_reverse
from map_ui.numbers import distance
from spaces.selectors import space_list

# Items per list: the nearest few; the map and the area pages have the rest.
NEARBY_LIMIT = 5
# Farther than this is not "near" in a city (the whole of Helsinki is ~30 km across).
NEARBY_RADIUS_M = 3000


@dataclass(frozen=True)
class NearbyItem:
    name: str
    url: str
    distance_m: float

    @property
    def distance_text(self) -> str:
        return distance(self.distance_m)


def nearby_items(*, point: Point) -> dict[str, list[NearbyItem]]:
    """{"cases": [...], "spaces": [...], "projects": [...]}, nearest first, each
    at most NEARBY_LIMIT items within NEARBY_RADIUS_M metres of `point`."""
    cases = case_list(status=Case.Status.PENDING, near=point, radius_m=NEARBY_RADIUS_M).defer("geometry")
    spaces = space_list(near=point, radius_m=NEARBY_RADIUS_M).defer("footprint")
    projects = project_list().near(point, NEARBY_RADIUS_M)
    return {
        "cases": [
            NearbyItem(c.title or c.case_id, page_reverse("map_ui:case", kwargs={"case_id": c.ahjo_id}), c.distance.m)
            for c in cases[:NEARBY_LIMIT]
        ],
        "spaces": [
            NearbyItem(s.name, page_reverse("map_ui:space", kwargs={"pk": s.pk}), s.distance.m)
            for s in spaces[:NEARBY_LIMIT]
        ],
        "projects": [
            NearbyItem(p.title, page_reverse("budgeting:project", kwargs={"pk": p.pk}), p.distance.m)
            for p in projects[:NEARBY_LIMIT]
        ],
    }
