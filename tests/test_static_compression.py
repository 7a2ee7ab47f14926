"""Production's static storage writes a Brotli and a gzip copy of each file, and
whitenoise serves the one the browser accepts (the `brotli` package is a dependency)."""

from __future__ import annotations

import brotli
from django.core.files.base import ContentFile
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from geo_osallisuus.staticfiles import ManifestStaticFilesStorage

SCRIPT = b"/* map */\n" + b"window.x = [" + b", ".join(b'"layer %d"' % i for i in range(400)) + b"];\n"


def collected(tmp_path) -> str:
    storage = ManifestStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    storage.save("map_ui/map.js", ContentFile(SCRIPT))
    found = {"map_ui/map.js": (storage, "map_ui/map.js")}
    processed = [hashed for _name, hashed, _done in storage.post_process(found)]
    return next(name for name in processed if name.endswith(".js"))


def test_collectstatic_writes_brotli_and_gzip_copies(tmp_path):
    hashed = collected(tmp_path)
    assert brotli.decompress((tmp_path / f"{hashed}.br").read_bytes()) == SCRIPT
    assert (tmp_path / f"{hashed}.gz").exists()


def test_whitenoise_serves_the_copy_the_browser_accepts(tmp_path, settings):
    hashed = collected(tmp_path)
    settings.STATIC_ROOT = str(tmp_path)
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    middleware = WhiteNoiseMiddleware(lambda request: None)
    for accept, coding in (("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)):
        response = middleware(RequestFactory().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accept))
        assert response.status_code == 200
        assert response.get("Content-Encoding") == coding
        assert "Accept-Encoding" in response["Vary"]
