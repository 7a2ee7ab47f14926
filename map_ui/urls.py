"""Resident-facing pages: / in Finnish, /sv/ and /en/ in Swedish and English."""

from django.urls import include, path, register_converter

from . import info_pages, views
from .i18n import LanguagePrefixConverter
from .pages import detail_pages

register_converter(LanguagePrefixConverter, "lang")

app_name = "map_ui"

pages = [
    path("", views.city_map, name="city-map"),
    path("alue/<slug:division>/<str:code>/", views.area_detail, name="area"),
    path("lahella/", views.near_me, name="near-me"),
    # Accessibility statement, privacy notice, open-data licence (linked from the footer).
    *info_pages.urlpatterns(),
    # Case, space, project pages: registered by their apps (map_ui.pages).
    *detail_pages.urlpatterns(),
]

urlpatterns = [
    path("", include(pages)),
    path("<lang:lang>/", include(pages)),
]
