"""Budgeting pages: in Finnish without a prefix, /sv/ and /en/ as the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import pages

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "budget_lang")

app_name = "budgeting"

page_patterns = [path("budjetointi/hankkeet/<int:pk>/", pages.project_detail, name="project")]

urlpatterns = [
    path("", include(page_patterns)),
    path("<budget_lang:lang>/", include(page_patterns)),
]
