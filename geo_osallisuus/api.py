"""API plumbing shared by every app: the error format and GeoJSON helpers."""

from __future__ import annotations

import math

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from areas.geometry import GeometryError
from geo_osallisuus.security import MSG_REQUEST_TOO_LARGE, MSG_TOO_MANY_FIELDS, signin_lockout_response

# The same sentence as the Open311 API's (feedback), in the person's language
# as a whole (DRF's own adds an untranslated tail).
MSG_THROTTLED = gettext_lazy("Too many requests from you: try again in {seconds} seconds.")


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


class RateLimited(exceptions.APIException):
    """A 429 whose `wait` becomes the Retry-After header (DRF's handler sets it)."""

    status_code = 429
    default_code = "throttled"

    def __init__(self, wait: float | None):
        self.wait = math.ceil(wait) if wait is not None else None
        super().__init__(str(MSG_THROTTLED).format(seconds=self.wait or 60))


MSG_UNSTORABLE = gettext_noop(
    "The request contains a value that cannot be stored, such as a NUL character or a number out of range."
)


def exception_handler(exc, context):
    """DRF's handler, plus: refused geometry and Django validation errors are 400s,
    a form body over the size limit a 413 and one with too many fields a 400.

    Every error body has a human-readable `detail`.
    """
    request = context.get("request")
    if isinstance(exc, AxesBackendPermissionDenied) or getattr(request, "axes_locked_out", False):
        # django-axes refused a sign-in (HTTP basic auth) and marked the
        # request; Django's authenticate() turned that into a plain failure.
        # The API answers like the sign-in page.
        return signin_lockout_response(request)
    if isinstance(exc, exceptions.Throttled):
        exc = RateLimited(exc.wait)
    elif isinstance(exc, GeometryError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, RequestDataTooBig):
        # A form body whose declared length passed RequestSizeLimitMiddleware
        # but whose fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE once read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(str(MSG_REQUEST_TOO_LARGE).format(size=f"> {limit}", limit=limit))
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        exc = exceptions.ValidationError({"detail": str(MSG_TOO_MANY_FIELDS)})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, DataError):
        # PostgreSQL refused a value the client sent (a NUL character in text,
        # a number out of range): the request's fault, found by the API fuzz.
        exc = exceptions.ValidationError({"detail": _(MSG_UNSTORABLE)})
    return drf_exception_handler(exc, context)

