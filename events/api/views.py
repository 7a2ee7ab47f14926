from drf_spectacular.utils import extend_schema, extend_schema_view

from areas.api import params
from areas.api.located import LocatedViewSet
from events import selectors
from events.api.filters import AreaEventFilter
from events.api.serializers import AreaEventFeatureSerializer


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER]),
)
class AreaEventViewSet(LocatedViewSet):
    """Area events (resident forums, district meetings, open days) as GeoJSON features, with the shared located
    filters; drafts are never listed. upcoming_days=30 gives what the map shows."""

    serializer_class = AreaEventFeatureSerializer
    filterset_class = AreaEventFilter
    ordering_fields = ("start_time", "end_time", "name")

    def located_queryset(self, *, srid):
        return selectors.event_list(srid=srid).select_related("area__division")
