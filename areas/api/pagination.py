from rest_framework_gis.pagination import GeoJsonPagination


class GeoFeaturePagination(GeoJsonPagination):
    """GeoJSON FeatureCollection pages with next/previous links.

    Outside EPSG:4326 the collection carries a named `crs` member (GeoJSON 2008),
    which QGIS and GDAL read; RFC 7946 output (4326) has none.
    """

    page_size = 100
    max_page_size = 1000

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        srid = getattr(self.request, "output_srid", 4326)
        if srid != 4326:
            response.data["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return response
