"""The service while its database is away: 503 with Retry-After, not a 500.

A restarted or unreachable PostgreSQL makes psycopg raise OperationalError (or
InterfaceError on a connection that was closed under it). Nothing is wrong with
the request, so the client is told to try again shortly; a write that got this
answer was not stored (each write is one transaction), so retrying it is safe.

Django drops the broken connection at the end of the request (it notes the
error; CONN_HEALTH_CHECKS checks a reused connection at the start of the next
one), so the service recovers by itself as soon as the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _unavailable(request) -> HttpResponse:
    message = _("The service cannot reach its database right now. Please try again in a moment.")
    from map_ui.errors import error_page, is_api_path

    wants_json = is_api_path(request.path) or "json" in request.headers.get("Accept", "")
    if "/open311/" in request.path:
        # GeoReport v2 clients read errors as a list of {code, description}.
        response = JsonResponse([{"code": 503, "description": message}], status=503, safe=False)
    elif wants_json:
        response = JsonResponse({"detail": message}, status=503)
    else:
        # The page in the path's language, rendered without touching the database.
        return error_page(request, status=503, retry_after=RETRY_AFTER_SECONDS)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Views' database connection errors become 503 (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable, answered 503: %s", exception)
            return _unavailable(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: the same 503 when a middleware (sessions, authentication)
    met the database error outside any view; otherwise the 500 page (map_ui.errors)."""
    from map_ui.errors import server_error as error_500

    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return _unavailable(request)
    return error_500(request)
