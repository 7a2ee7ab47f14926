"""Where a budgeting item lies: its budget area from a point, or a chosen area.

The one place that knows how points become budget areas (a point-in-polygon
query in PostGIS, then the round's merges), so that it can later be switched to
the shared located-content machinery of the areas app.
"""

from __future__ import annotations

from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, is_within_helsinki, to_projection
from areas.models import Area

from .models import BudgetRound

MSG_OUTSIDE_HELSINKI = _("The location is outside Helsinki: choose a place in Helsinki.")
MSG_NOT_A_BUDGET_AREA = _("Area {area} is not one of this round's budget areas.")


def round_budget_areas(*, round: BudgetRound):
    """The areas with a budget of their own: the round's division, less merged areas."""
    merged = round.merges.values_list("area_id", flat=True)
    return Area.objects.filter(division_id=round.division_id).exclude(pk__in=merged).order_by("code")


def _merge_target(*, round: BudgetRound, area: Area) -> Area:
    merge = round.merges.select_related("into").filter(area=area).first()
    return merge.into if merge else area


def budget_area_for_point(*, round: BudgetRound, point: Point) -> Area:
    """The budget area that holds `point` (any allowed SRID), merges applied.

    Raises GeometryError when the point lies in none of the division's areas.
    """
    point = to_projection(point)
    if not is_within_helsinki(point):
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    area = Area.objects.filter(division_id=round.division_id, geometry__covers=point).order_by("code").first()
    if area is None:
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    return _merge_target(round=round, area=area)


def budget_area_for_area(*, round: BudgetRound, area: Area) -> Area:
    """`area` itself when it is a budget area, its merge target when merged."""
    if area.division_id != round.division_id:
        raise GeometryError(MSG_NOT_A_BUDGET_AREA.format(area=area))
    return _merge_target(round=round, area=area)
