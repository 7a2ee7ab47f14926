"""Root URLs: the API under /api/v1/, its schema and docs, the admin, the map pages."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import MeView
from geo_osallisuus import signin_admin

api_v1 = [
    path("", include("areas.api.urls")),
    path("", include("luotsit.api.urls")),
    path("", include("resident_areas.api.urls")),
    path("budgeting/", include("budgeting.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("spaces.api.urls")),
    path("", include("events.api.urls")),
    path("", include("volunteering.api.urls")),
    path("", include("feedback.api.urls")),
    path("", include("initiatives.api.urls")),
    path("participation/", include("participation.api.urls")),
    path("search/", include("search.api.urls")),
    path("me/", MeView.as_view(), name="accounts-me"),
]

signin_admin.register()

# Errors: JSON on the API paths, a page in the path's language elsewhere (map_ui.errors).
handler404 = "map_ui.errors.not_found"
handler403 = "map_ui.errors.forbidden"

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as a file of its own: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # The luotsi's workspace pages (/luotsit/me/..., /sv/ and /en/ too).
    path("", include("luotsit.urls")),
    # A luotsi publishes an event of their own (/luotsit/me/tapahtumat/uusi/).
    path("", include("events.urls")),
    # An organiser's representative publishes a volunteering opportunity (/vapaaehtoistyo/uusi/).
    path("", include("volunteering.urls")),
    # The identity service's flow (mozilla-django-oidc): /oidc/authenticate/ and /oidc/callback/.
    path("oidc/", include("accounts.oidc_urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # OGC API - Features at /ogc/, vector tiles at /tiles/, downloads at /exports/.
    path("", include("ogc.urls")),
    path("", include("budgeting.urls")),
    path("", include("feedback.urls")),
    path("", include("initiatives.urls")),
    path("", include("resident_areas.urls")),
    # Resident-facing map pages last: they own / and the /sv/ and /en/ prefixes.
    path("", include("map_ui.urls")),
]

# A database error outside any view (in a middleware) is a 503 too, not a 500.
handler500 = "geo_osallisuus.dbguard.server_error"
