from drf_spectacular.utils import extend_schema, extend_schema_view

from areas.api import params
from areas.api.located import LocatedViewSet
from volunteering import selectors
from volunteering.api.filters import OpportunityFilter
from volunteering.api.serializers import OpportunityFeatureSerializer


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER]),
)
class OpportunityViewSet(LocatedViewSet):
    """Volunteering opportunities of verified organisers as GeoJSON features, with the shared located filters and
    filters by kind, time, language and age. Organisers' contacts appear only with their consent."""

    serializer_class = OpportunityFeatureSerializer
    filterset_class = OpportunityFilter
    ordering_fields = ("title", "start_time")

    def located_queryset(self, *, srid):
        return selectors.opportunity_list(srid=srid)
