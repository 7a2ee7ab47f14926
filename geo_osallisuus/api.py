"""API plumbing shared by every app: the error format and GeoJSON helpers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from areas.geometry import GeometryError
from geo_osallisuus.security import MSG_REQUEST_TOO_LARGE, MSG_TOO_MANY_FIELDS


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


def exception_handler(exc, context):
    """DRF's handler, plus: refused geometry and Django validation errors are 400s,
    a form body over the size limit a 413 and one with too many fields a 400.

    Every error body has a human-readable `detail`.
    """
    if isinstance(exc, GeometryError):
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
    return drf_exception_handler(exc, context)
