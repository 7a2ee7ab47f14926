"""Resident area pages: in Finnish without a prefix, /sv/ and /en/ as the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import pages

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "resident_lang")

app_name = "resident_areas"

page_patterns = [
    path("omat-alueet/", pages.area_list, name="list"),
    path("omat-alueet/uusi/", pages.area_new, name="new"),
    path("omat-alueet/<int:pk>/", pages.area_detail, name="detail"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<resident_lang:lang>/", include(page_patterns)),
]
