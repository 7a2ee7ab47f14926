"""A lean path for the API's hot public reads: the plain request answered without DRF's dispatch.

DRF builds a Request, negotiates the renderer, runs the authentication classes,
the permission and throttle classes (instantiated per request), and renders
through a TemplateResponse: about a third of a point lookup's time in the
process, for an answer that is the same JSON for every anonymous caller
(bench/RESULTS.md, 2026-12-05 lookupfast). `lean_read` answers the plain case
itself and hands every other request to the DRF view, which stays the one
documented in the OpenAPI schema and the one that answers OPTIONS, other
methods, the browsable API, `?format=`, `Accept` with parameters (`indent=`),
and credentials (a bad token is still a 401).

The plain case: GET or HEAD, no `Authorization` header, no `format` parameter,
and an `Accept` that DRF would answer with JSON unchanged (absent, `*/*`,
`application/*`, `application/json`). A cookie does not matter: on a safe method
DRF's session authentication only reads the user the middleware already set, and
none of these answers depends on who asks.

What stays the same as DRF's answer: the body (DRF's own JSONRenderer), the
status, `Content-Type`, `Vary: Accept` and `Allow`; 400s for a ParseError
(`{"detail": ...}`, in the request's language). Every middleware still runs
(security headers, ETag and Cache-Control, compression, locale).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import APIException, ParseError
from rest_framework.renderers import JSONRenderer

# What DRF's content negotiation answers with its JSON renderer, parameters excluded.
JSON_ACCEPTS = frozenset({"*/*", "application/*", "application/json"})
# The header DRF's APIView sets on every answer (its default_response_headers).
ALLOW = "GET, HEAD, OPTIONS"

_renderer = JSONRenderer()


def is_plain(request: HttpRequest) -> bool:
    """Whether DRF would answer `request` as lean_read does (see the module's docstring)."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if "format" in request.GET:
        return False
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return all(part.strip() in JSON_ACCEPTS for part in accept.split(","))


def json_response(data, *, status: int = 200) -> HttpResponse:
    """`data` as DRF's JSONRenderer writes it, with the headers of DRF's answer."""
    response = HttpResponse(_renderer.render(data), status=status, content_type="application/json")
    response["Vary"] = "Accept"
    response["Allow"] = ALLOW
    return response


def lean_read(drf_view: Callable, *, answer: Callable[[HttpRequest], object]) -> Callable:
    """`drf_view` (an APIView's as_view()) with its plain requests answered by `answer(request)`.

    `answer` returns the data to send and may raise ParseError for bad input (a
    400). Any other APIException sends the request to `drf_view`, whose
    exception handler knows its status and headers (429's Retry-After, 401's
    challenge). The wrapper keeps the DRF view's attributes (`cls`,
    `initkwargs`, `csrf_exempt`): drf-spectacular documents it as that view.
    """

    @functools.wraps(drf_view)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_plain(request):
            return drf_view(request, *args, **kwargs)
        try:
            data = answer(request)
        except ParseError as exc:
            return json_response({"detail": exc.detail}, status=exc.status_code)
        except APIException:
            return drf_view(request, *args, **kwargs)
        return json_response(data)

    return view
