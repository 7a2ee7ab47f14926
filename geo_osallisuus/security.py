"""What every request and response passes through for safety: size limits on
request bodies, the headers Django itself does not set, the answer to a locked
sign-in, and the Content-Security-Policy built from the settings.

Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy, XFrameOptionsMiddleware sets X-Frame-Options and
django-csp the Content-Security-Policy; this module adds the rest.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy

MSG_REQUEST_TOO_LARGE = gettext_lazy(
    "The request is too large: {size} bytes, at most {limit} bytes are accepted. "
    "Send a smaller file or fewer features at a time."
)
MSG_TOO_MANY_FIELDS = gettext_lazy("The request has too many fields or files.")
MSG_SIGNIN_LOCKED = gettext_lazy(
    "Too many failed sign-in attempts for this user from your address. Try again in {minutes} minutes."
)

MULTIPART = "multipart/form-data"


def _wants_json(request) -> bool:
    """API, OGC API and upload clients get JSON; a browser posting a form gets text."""
    accept = request.headers.get("Accept", "")
    return request.path_info.startswith(("/api/", "/ogc/")) or "html" not in accept


def request_too_large_response(request, *, size: int, limit: int) -> HttpResponse:
    message = str(MSG_REQUEST_TOO_LARGE).format(size=size, limit=limit)
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """Refuses a body larger than the limits before anything reads it (413).

    Django checks DATA_UPLOAD_MAX_MEMORY_SIZE only when `request.body` or a
    form is read; DRF's parsers read the request as a stream and would take a
    JSON body of any size. So the declared length is checked here: a multipart
    upload against REQUEST_MAX_BYTES (files go to disk above
    FILE_UPLOAD_MAX_MEMORY_SIZE), any other body against
    DATA_UPLOAD_MAX_MEMORY_SIZE. A body longer than its declared length is cut
    by the WSGI server's LimitedStream, so the declared length is what counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if request.content_type == MULTIPART:
            limit = settings.REQUEST_MAX_BYTES
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and size > limit:
            return request_too_large_response(request, size=size, limit=limit)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the near-me page may ask for the location; no page
    may use the camera, microphone, payment and other powerful features."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


def signin_lockout_response(request, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked sign-in: 429, a sentence a person
    understands and Retry-After; the user name is not echoed back."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = str(MSG_SIGNIN_LOCKED).format(minutes=max(1, math.ceil(seconds / 60)))
    if request.path_info.startswith("/api/") or "html" not in request.headers.get("Accept", ""):
        answer = JsonResponse({"detail": message}, status=429)
    else:
        answer = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    answer["Retry-After"] = str(seconds)
    return answer



def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the address
    the nearest of them saw in X-Forwarded-For (DRF's rule, so that sign-in lockout
    and rate limits count the same client)."""
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)
