"""The two list views compared: the service's LocatedViewSet (as the feedback list
would be) and the plain djangorestframework-gis view a team would write first."""

from django.contrib.gis.db.models.functions import Transform
from rest_framework import generics
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.filters import InBBoxFilter
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from areas.api.located import LocatedFeatureSerializer, LocatedViewSet

from .models import BenchPoint


class PointFeatureSerializer(LocatedFeatureSerializer):
    class Meta(LocatedFeatureSerializer.Meta):
        model = BenchPoint
        fields = ("id", "title", "category", "created_at", "areas", "distance_m", "geometry")

    @classmethod
    def sql_properties(cls, *, srid):
        return {}  # every property is a model field: pages are built in SQL


class PointViewSet(LocatedViewSet):
    serializer_class = PointFeatureSerializer
    ordering_fields = ("created_at",)

    def located_queryset(self, *, srid):
        return BenchPoint.objects.with_geojson(srid).order_by("id")


class PlainPointSerializer(GeoFeatureModelSerializer):
    """GEOS geometry serialised in Python, the model's own fields."""

    geom4326 = GeometryField(read_only=True)

    class Meta:
        model = BenchPoint
        geo_field = "geom4326"
        fields = ("id", "title", "category", "created_at", "geom4326")


class WGS84BBoxFilter(InBBoxFilter):
    """drf-gis's InBBoxFilter, with the two fixes any team makes on day one: its box
    has no SRID (so GeoDjango reads lon/lat as the column's metres) and it only
    compares bounding boxes. Here the box is EPSG:4326 and the test is intersects,
    so the plain view returns exactly the service's features."""

    def filter_queryset(self, request, queryset, view):
        box = self.get_filter_bbox(request)
        if box is None:
            return queryset
        box.srid = 4326
        return queryset.filter(**{f"{view.bbox_filter_field}__intersects": box})


class PlainPointList(generics.ListAPIView):
    """The first version a team would write: drf-gis serializer, a bbox filter, no pagination."""

    serializer_class = PlainPointSerializer
    filter_backends = (WGS84BBoxFilter,)
    bbox_filter_field = "geometry"
    pagination_class = None

    def get_queryset(self):
        return BenchPoint.objects.annotate(geom4326=Transform("geometry", 4326)).order_by("id")
