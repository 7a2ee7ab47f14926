import json

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from areas import selectors
from areas.api import params
from areas.api.filters import AreaFilter
from areas.api.pagination import GeoFeaturePagination
from areas.land import land_area
from areas.api.serializers import AreaFeatureSerializer, AreaSummarySerializer, DivisionTypeSerializer
from areas.located import located_area_summary
from areas.models import Area


class DivisionTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Ways of dividing the city into areas: suurpiiri, peruspiiri, osa-alue, kaupunginosa, resident areas."""

    serializer_class = DivisionTypeSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return selectors.division_list()


@extend_schema(parameters=[params.SRID_PARAMETER])
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas of every division as GeoJSON features (EPSG:4326 unless `srid` asks otherwise)."""
    # Ids are integers: anything else matches no URL (a JSON 404), not a ValueError in the query.
    lookup_value_regex = r"\d+"

    serializer_class = AreaFeatureSerializer
    filterset_class = AreaFilter
    pagination_class = GeoFeaturePagination

    def get_queryset(self):
        self.request.output_srid = params.output_srid(self.request.query_params)
        return selectors.area_list(srid=self.request.output_srid)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.output_srid != 4326:
            response.data["crs"] = {
                "type": "name",
                "properties": {"name": f"urn:ogc:def:crs:EPSG::{request.output_srid}"},
            }
        return response

    @extend_schema(parameters=[], filters=False, responses=AreaSummarySerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request, pk=None):
        """What lies in the area: for cases, spaces and every other located content, how many lie in
        or touch it (`total`), how many lie wholly inside (`within`), and counts by status or kind."""
        area = get_object_or_404(Area.objects.select_related("division", "parent__division"), pk=pk)
        data = {"area": area, "counts": located_area_summary(area=area)}
        return Response(AreaSummarySerializer(data, context={"request": request}).data)


MSG_UNKNOWN_DIVISIONS = _("Unknown divisions: {slugs}. Known: {known}.")


class AreaLabelsView(APIView):
    """A point to write each area's name at, for the map's labels: GeoJSON points
    (EPSG:4326) with the area's names and division, larger areas first."""

    @extend_schema(
        parameters=[OpenApiParameter("divisions", str, description="Division slugs, comma-separated.")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        asked = [s for s in request.query_params.get("divisions", "").split(",") if s]
        known = set(selectors.division_list().values_list("slug", flat=True))
        unknown = [s for s in asked if s not in known]
        if unknown:
            message = MSG_UNKNOWN_DIVISIONS.format(slugs=", ".join(unknown), known=", ".join(sorted(known)))
            return Response({"detail": message}, status=400)
        features = [
            {
                "type": "Feature",
                "id": area.pk,
                "geometry": {"type": "Point", "coordinates": [round(area.label_spot.x, 6), round(area.label_spot.y, 6)]},
                "properties": {
                    "division": area.division.slug,
                    "code": area.code,
                    "name": area.name,
                    "name_fi": area.name_fi,
                    "name_sv": area.name_sv,
                    "name_en": area.name_en,
                },
            }
            for area in selectors.area_label_points(divisions=asked, land=land_area())
        ]
        return Response({"type": "FeatureCollection", "features": features})


MSG_NO_LAND_LAYER = _("No land layer is configured (CITY_LAND_FILE).")


class LandView(APIView):
    """The city's land area (CITY_LAND_FILE, areas.land) as one GeoJSON feature in
    EPSG:4326: the maps draw it as the background when they have no tiles."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        land = land_area()
        if land is None:
            return Response({"detail": str(MSG_NO_LAND_LAYER)}, status=404)
        geometry = json.loads(land.transform(4326, clone=True).json)
        return Response({"type": "Feature", "properties": {}, "geometry": geometry})
