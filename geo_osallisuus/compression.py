"""Compressed responses for the data endpoints only."""

from django.middleware.gzip import GZipMiddleware

# GeoJSON compresses about tenfold; map pages fetch whole layers from these.
DATA_PREFIXES = ("/api/", "/ogc/", "/exports/")


class DataGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the API, the OGC API and the downloads.

    HTML pages stay uncompressed: they carry CSRF tokens next to text a visitor
    can put in the URL, which compression would expose (BREACH). The data
    endpoints carry no such secret.
    """

    def process_response(self, request, response):
        if not request.path.startswith(DATA_PREFIXES):
            return response
        return super().process_response(request, response)
