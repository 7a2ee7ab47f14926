"""The service's URLs plus pages that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path, re_path

from geo_osallisuus.urls import handler403, handler404, handler500  # noqa: F401 (the handlers of this URLconf)
from geo_osallisuus.urls import urlpatterns as service_urlpatterns


def forbidden(request, **kwargs):
    raise PermissionDenied


def broken(request, **kwargs):
    raise RuntimeError("a bug")


def database_away(request, **kwargs):
    raise OperationalError("connection refused")


# Under /, /sv/ and /en/ alike: the pages' language is the path's.
LANGUAGE = r"^(?:(?:sv|en)/)?"

urlpatterns = [
    re_path(LANGUAGE + r"kielletty/$", forbidden),
    re_path(LANGUAGE + r"rikki/$", broken),
    re_path(LANGUAGE + r"kanta-poissa/$", database_away),
    path("api/v1/test-forbidden/", forbidden),
    path("api/v1/test-broken/", broken),
    path("ogc/test-broken/", broken),
    *service_urlpatterns,
]
