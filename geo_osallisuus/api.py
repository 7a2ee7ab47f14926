"""API plumbing shared by every app: the error format and GeoJSON helpers."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.defaults import page_not_found
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from areas.geometry import GeometryError


MSG_UNSTORABLE = gettext_noop(
    "The request contains a value that cannot be stored, such as a NUL character or a number out of range."
)


def exception_handler(exc, context):
    """DRF's handler, plus: refused geometry and Django validation errors are 400s.

    Every error body has a human-readable `detail`.
    """
    if isinstance(exc, GeometryError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, DataError):
        # PostgreSQL refused a value the client sent (a NUL character in text,
        # a number out of range): the request's fault, found by the API fuzz.
        exc = exceptions.ValidationError({"detail": _(MSG_UNSTORABLE)})
    return drf_exception_handler(exc, context)


def not_found(request, exception=None):
    """Django's 404 for a path no URL matches: JSON under /api/ (an API client
    reads `detail` as from every other API error), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
