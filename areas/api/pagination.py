from rest_framework_gis.pagination import GeoJsonPagination

from areas.api import params


class GeoFeaturePagination(GeoJsonPagination):
    """GeoJSON FeatureCollection pages with next/previous links.

    Outside EPSG:4326 the collection carries a named `crs` member (GeoJSON 2008),
    which QGIS and GDAL read; RFC 7946 output (4326) has none.
    """

    page_size = 100
    max_page_size = 1000

    def get_page_size(self, request):
        """`page_size` from 1 to max_page_size; anything else is a 400, not silently the default."""
        size = params.integer(request.query_params, self.page_size_query_param, low=1, high=self.max_page_size)
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset, request, view=None):
        # A malformed page number is the client's mistake (400); a page past the end stays a 404.
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            params.integer(request.query_params, self.page_query_param, low=1)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        srid = getattr(self.request, "output_srid", 4326)
        if srid != 4326:
            response.data["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return response

    def get_paginated_response_schema(self, schema):
        """The page as it is sent: the FeatureCollection the list serializer
        documents (`schema`, drf-spectacular's GIS extension) plus the count and
        links, and `crs` outside EPSG:4326.

        rest_framework_gis' own version renames `results` to `features` but keeps
        `results` required and nests the whole collection under `features`, so
        every real page broke the documented schema.
        """
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "allOf": [
                schema,
                {
                    "type": "object",
                    "required": ["type", "count", "features"],
                    "properties": {
                        "count": {"type": "integer", "example": 123},
                        "next": link,
                        "previous": link,
                        "crs": {
                            "type": "object",
                            "description": "Named CRS (GeoJSON 2008), only outside EPSG:4326.",
                            "properties": {
                                "type": {"type": "string", "enum": ["name"]},
                                "properties": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
            ]
        }
