"""The point lookup: /api/v1/lookup/?lat=&lon= (or x, y, srid).

One answer, built in `lookup_answer`; sent by the lean path for plain anonymous
reads (geo_osallisuus/lean.py: the API's hottest read, bench/RESULTS.md) and by
the DRF view for everything else, which is also what the OpenAPI schema documents.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from areas import selectors
from areas.api import params
from areas.api.serializers import LookupSerializer
from geo_osallisuus.lean import lean_read

MSG_OUTSIDE_HELSINKI = _("The point is not inside Helsinki.")


def lookup_answer(query_params) -> dict:
    """The answer LookupSerializer documents, from plain rows (no model instances or
    serializers); ParseError for a bad point."""
    given, projected = params.point(query_params)
    inside_helsinki, areas = selectors.area_lookup_answer(point=projected)
    return {
        "point": {"type": "Point", "coordinates": list(given.coords)},
        "srid": given.srid,
        "inside_helsinki": inside_helsinki,
        "message": None if inside_helsinki else str(MSG_OUTSIDE_HELSINKI),
        "areas": areas if inside_helsinki else [],
    }


class AreaLookupView(APIView):
    """Every area that contains a point, one per division, each with its parent chain."""

    @extend_schema(
        parameters=params.POINT_PARAMETERS,
        responses=LookupSerializer,
    )
    def get(self, request):
        return Response(lookup_answer(request.query_params))


area_lookup = lean_read(AreaLookupView.as_view(), answer=lambda request: lookup_answer(request.GET))
