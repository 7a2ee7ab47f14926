"""Error pages for people: 404, 403, 500 and 503 in the language of the path,
with the site's header and a way back. API paths keep their JSON errors.

The language comes from the path (/sv/..., /en/..., else Finnish), because an
error handler runs outside the view's `url_language`.

The 500 and 503 pages render without the request's context processors: the
authentication one reads the session from the database, which may be the
very thing that failed. Their header therefore always offers "Sign in".
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_osallisuus.roles import user_is_signed_in

from .i18n import DEFAULT_LANGUAGE, PREFIXED_LANGUAGES

# Machine-read paths: the API (Open311 included), OGC API, vector tiles, downloads.
API_PREFIXES = ("/api/", "/ogc/", "/tiles/", "/exports/")

TITLES = {
    403: gettext_lazy("You cannot open this page"),
    404: gettext_lazy("Page not found"),
    500: gettext_lazy("Something went wrong"),
    503: gettext_lazy("The service is temporarily unavailable"),
}
MESSAGES = {
    403: gettext_lazy("You do not have the rights to see this page."),
    404: gettext_lazy("There is no page at this address. It may have moved, or the address may be mistyped."),
    500: gettext_lazy("An error on our side stopped this page. It has been logged; please try again later."),
    503: gettext_lazy("The service cannot reach its database right now. Please try again in a moment."),
}
MSG_SIGN_IN_MAY_HELP = gettext_lazy("You are not signed in. Signing in may give you access to this page.")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) or "/open311/" in path


def path_language(path: str) -> str:
    """The page language an address names: /sv/... Swedish, /en/... English, else Finnish."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in PREFIXED_LANGUAGES else DEFAULT_LANGUAGE


def error_page(
    request: HttpRequest, *, status: int, message: str | None = None, retry_after: int | None = None
) -> HttpResponse:
    """The HTML page for `status` in the path's language; `message` replaces the standard one."""
    from accounts.navigation import signin_url

    language = path_language(request.path)
    with translation.override(language):
        context = {
            "status": status,
            "title": TITLES[status],
            "message": message or MESSAGES[status],
            "retry_after": retry_after,
        }
        if status in (500, 503):
            # No context processors (see the module docstring); the header needs only the request.
            html = render_to_string("map_ui/error.html", {**context, "request": request})
        else:
            if status == 403 and not user_is_signed_in(request.user):
                context["signin_url"] = signin_url(next_url=request.get_full_path())
                context["signin_hint"] = MSG_SIGN_IN_MAY_HELP
            html = render_to_string("map_ui/error.html", context, request=request)
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    if status in (500, 503):
        response["Cache-Control"] = "no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def api_error(request: HttpRequest, *, status: int) -> JsonResponse:
    """The JSON error of the API paths, in the language the request asks for (Accept-Language).

    The sentences are DRF's own, so they read as the API's other errors and come translated."""
    detail = {403: _("You do not have permission to perform this action."), 404: _("Not found."), 500: _("A server error occurred.")}
    if "/open311/" in request.path:
        # GeoReport v2 clients read errors as a list of {code, description}.
        return JsonResponse([{"code": status, "description": detail[status]}], status=status, safe=False)
    return JsonResponse({"detail": detail[status]}, status=status)


def not_found(request, exception=None):
    return api_error(request, status=404) if is_api_path(request.path) else error_page(request, status=404)


def forbidden(request, exception=None):
    return api_error(request, status=403) if is_api_path(request.path) else error_page(request, status=403)


def server_error(request):
    return api_error(request, status=500) if is_api_path(request.path) else error_page(request, status=500)
