from drf_spectacular.utils import extend_schema, extend_schema_view

from areas.api import params
from areas.api.located import LocatedViewSet
from spaces import selectors
from spaces.api.filters import SpaceFilter
from spaces.api.serializers import SpaceFeatureSerializer


@extend_schema_view(
    list=extend_schema(parameters=[params.SRID_PARAMETER]),
    retrieve=extend_schema(parameters=[params.SRID_PARAMETER]),
)
class SpaceViewSet(LocatedViewSet):
    """City spaces opened to residents as GeoJSON features (the entrance point), with the shared located filters."""

    serializer_class = SpaceFeatureSerializer
    filterset_class = SpaceFilter
    ordering_fields = ("name", "kind", "capacity")

    def located_queryset(self, *, srid):
        return selectors.space_list(srid=srid)
