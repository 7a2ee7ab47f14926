"""Conditional GET and cache headers for the API's reads.

A repeated read of the API (the lookup at the same point, the same page of a
list) is answered by a browser or a CDN from its cache: every 200 answer to a
GET carries an `ETag` (a hash of the body, so a changed item changes it) and
`Cache-Control`, and a matching `If-None-Match` is a 304 without a body.

Only what anyone may read is cacheable by others: an answer to a signed-in
person (session or `Authorization` header), to a visitor with a session, or one
that sets a cookie is
`Cache-Control: private`, so a shared cache never keeps it. What an anonymous
request sees is already only what is published (feedback as its published grid
cells), so it may be kept publicly: a CDN for API_CACHE_MAX_AGE seconds
(`s-maxage`), a browser only with revalidation (`max-age=0`), so that a
person who has just sent something sees it in the next list. Answers that
chose their own `Cache-Control` (vector tiles, photos, error pages) keep it.
"""

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

# The JSON API only: pages carry CSRF tokens and messages, the OGC API and
# tiles set their own headers.
CACHED_PREFIXES = ("/api/",)


def is_personal(request, response) -> bool:
    """Whether the answer may depend on who asked (so no shared cache may keep it)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return bool(
        "HTTP_AUTHORIZATION" in request.META
        or (user is not None and user.is_authenticated)
        # An anonymous visitor with a session (say, what they sent without signing in).
        or (session is not None and not session.is_empty())
        or response.cookies
    )


class ApiCacheMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware (ETag from the body, 304 on a match) for the API's
    GETs, with `Cache-Control` public for anonymous answers and private otherwise."""

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(CACHED_PREFIXES):
            return response
        if response.status_code != 200 or response.has_header("Cache-Control"):
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.API_CACHE_MAX_AGE)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return super().process_response(request, response)
