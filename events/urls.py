"""The luotsi's event page, in Finnish without a prefix, /sv/ and /en/ as the workspace's other pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from .luotsi_views import luotsi_event_new

# Its own name: map_ui and luotsit register the same converter as "lang" and "luotsit_lang".
register_converter(LanguagePrefixConverter, "events_lang")

app_name = "events"

page_patterns = [path("luotsit/me/tapahtumat/uusi/", luotsi_event_new, name="luotsi-new")]

urlpatterns = [
    path("", include(page_patterns)),
    path("<events_lang:lang>/", include(page_patterns)),
]
