"""Brotli or gzip for the data endpoints and the tiles, by Accept-Encoding; nothing
below the size limit; caches told to vary; strong tags weakened."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from geo_osallisuus.compression import MIN_BYTES, DataGZipMiddleware, accepts

def answered(body: bytes, *, path: str = "/api/v1/x/", encoding: str | None = "br, gzip", etag: str | None = None):
    def view(request):
        response = HttpResponse(body, content_type="application/json")
        if etag:
            response["ETag"] = etag
        return response

    headers = {} if encoding is None else {"HTTP_ACCEPT_ENCODING": encoding}
    return DataGZipMiddleware(view)(RequestFactory().get(path, **headers))


@pytest.mark.parametrize("size,packed", [(MIN_BYTES - 1, False), (MIN_BYTES, True), (MIN_BYTES + 1, True)])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_bodies_below_the_limit_stay_plain(size, packed, encoding):
    body = b"a" * size
    response = answered(body, encoding=encoding)
    assert response.get("Content-Encoding") == (encoding if packed else None)
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress}[encoding]
    assert (decoded(response.content) if packed else response.content) == body


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("BR;q=0.5", "br"),
        ("identity", None),
        (None, None),
    ],
)
def test_the_client_chooses(encoding, expected):
    response = answered(json.dumps({"features": ["x" * 50] * 40}).encode(), encoding=encoding)
    assert response.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_strong_tag_is_weakened_and_a_weak_one_kept(encoding):
    body = b"b" * 1000
    assert answered(body, encoding=encoding, etag='"abc"')["ETag"] == 'W/"abc"'
    assert answered(body, encoding=encoding, etag='W/"abc"')["ETag"] == 'W/"abc"'
    assert answered(body, encoding=None, etag='"abc"')["ETag"] == '"abc"'


def test_pages_stay_plain_even_when_asked():
    assert "Content-Encoding" not in answered(b"c" * 1000, path="/en/")


def test_a_stream_is_compressed_whole():
    chunks = [b'{"features": [', *[b'"' + b"y" * 100 + b'",' for _ in range(50)], b'"z"]}']

    def view(request):
        return StreamingHttpResponse(iter(chunks), content_type="application/geo+json")

    request = RequestFactory().get("/ogc/collections/cases/items", HTTP_ACCEPT_ENCODING="br")
    response = DataGZipMiddleware(view)(request)
    assert response["Content-Encoding"] == "br" and "Content-Length" not in response
    assert brotli.decompress(b"".join(response.streaming_content)) == b"".join(chunks)


def test_accepts_reads_qualities():
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip;q=0.8, br;q=0")
    assert accepts(request, "gzip") and not accepts(request, "br") and not accepts(request, "zstd")
