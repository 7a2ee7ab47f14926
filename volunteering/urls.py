"""The representative's page, in Finnish without a prefix, /sv/ and /en/ as the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from .views import opportunity_new

# Its own name: map_ui, luotsit and events register the same converter under theirs.
register_converter(LanguagePrefixConverter, "volunteering_lang")

app_name = "volunteering"

page_patterns = [path("vapaaehtoistyo/uusi/", opportunity_new, name="new")]

urlpatterns = [
    path("", include(page_patterns)),
    path("<volunteering_lang:lang>/", include(page_patterns)),
]
