"""Compressed responses for the data endpoints only: Brotli where the client
accepts it, else gzip.

Static files are compressed ahead of time instead: collectstatic with
geo_osallisuus.staticfiles writes a .gz and (with the `brotli` package) a .br
copy of each, which whitenoise serves by the request's Accept-Encoding.
"""

from __future__ import annotations

import brotli
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

# GeoJSON compresses about tenfold and a vector tile about twofold; map pages
# fetch whole layers and tiles from these.
DATA_PREFIXES = ("/api/", "/ogc/", "/exports/", "/tiles/")
# Below this many bytes compressing saves too little to be worth it (Django's gzip limit).
MIN_BYTES = 200
# Brotli's quality 5 packs JSON about a fifth smaller than gzip at about gzip's speed;
# 11 (its default) is for files compressed once, not per request.
BROTLI_QUALITY = 5


def accepts(request, coding: str) -> bool:
    """Whether Accept-Encoding names `coding` with a quality above 0."""
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _sep, params = part.partition(";")
        if name.strip().lower() != coding:
            continue
        quality = params.strip().lower().removeprefix("q=")
        try:
            return not params.strip() or float(quality) > 0
        except ValueError:
            return False
    return False


def _brotli_sequence(chunks):
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        packed = compressor.process(chunk)
        if packed:
            yield packed
    yield compressor.finish()


class DataGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, with Brotli first, for the API, the OGC API, the
    downloads and the vector tiles.

    HTML pages stay uncompressed: they carry CSRF tokens next to text a visitor
    can put in the URL, which compression would expose (BREACH). The data
    endpoints carry no such secret.
    """

    def process_response(self, request, response):
        if not request.path.startswith(DATA_PREFIXES):
            return response
        if not response.streaming and len(response.content) < MIN_BYTES:
            return response
        if response.has_header("Content-Encoding"):
            return response
        if not accepts(request, "br") or (response.streaming and response.is_async):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.streaming:
            response.streaming_content = _brotli_sequence(response.streaming_content)
            del response.headers["Content-Length"]
        else:
            packed = brotli.compress(response.content, quality=BROTLI_QUALITY)
            if len(packed) >= len(response.content):
                return response
            response.content = packed
            response.headers["Content-Length"] = str(len(packed))
        # A compressed body is not byte-for-byte the one the strong tag named (RFC 9110 8.8.1).
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
