"""Tiles go compressed to clients that accept it, and their tag still revalidates."""

from __future__ import annotations

import gzip

import brotli
import pytest

TILE = "/tiles/cases/12/2331/1185.mvt"


@pytest.mark.usefixtures("ogc_world")
@pytest.mark.parametrize("encoding,decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_tiles_are_compressed_and_their_weak_tag_still_revalidates(client, encoding, decode):
    plain = client.get(TILE)
    packed = client.get(TILE, HTTP_ACCEPT_ENCODING=encoding)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == encoding
    assert decode(packed.content) == plain.content
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(TILE, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again.content == b""
    changed = client.get(TILE, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH='W/"0123"')
    assert changed.status_code == 200
