from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from areas.api import params
from areas.api.located import LocatedViewSet
from cases import selectors
from cases.api.filters import CaseFilter
from cases.api.serializers import CaseFeatureSerializer
from cases.models import normalise_case_id

CASE_ID_PARAMETER = OpenApiParameter(
    "id",
    str,
    OpenApiParameter.PATH,
    description="The case's numeric id, or its Ahjo id: HEL-2025-007790 (or HEL%202025-007790).",
)


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER, CASE_ID_PARAMETER]),
)
class CaseViewSet(LocatedViewSet):
    """Public cases of Ahjo as GeoJSON features, with the shared located filters.

    A case's geometry is all its locations together (null while it is
    unlocated); `locations` tells how each was found.
    """

    serializer_class = CaseFeatureSerializer
    filterset_class = CaseFilter
    ordering_fields = ("created", "last_handled", "case_id")
    lookup_value_regex = r"[^/]+"
    lookup_url_kwarg = "id"

    def located_queryset(self, *, srid):
        return selectors.case_list(srid=srid)

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        value = self.kwargs["id"]
        if value.isascii() and value.isdigit():
            return get_object_or_404(queryset, pk=int(value))
        try:
            case_id = normalise_case_id(value)
        except ValidationError:
            raise Http404 from None
        return get_object_or_404(queryset, case_id=case_id)
