"""Initiative pages: in Finnish without a prefix, /sv/ and /en/ as the map pages. The
initiative's own page (/aloite/<id>/) is a map_ui detail page (initiatives.pages)."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import page_views

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "initiative_lang")

app_name = "initiatives"

page_patterns = [
    path("aloitteet/", page_views.initiative_list, name="list"),
    path("aloitteet/uusi/", page_views.initiative_kind, name="new"),
    path("aloitteet/uusi/kirjoita/", page_views.initiative_write, name="write"),
    path("aloite/<int:pk>/tue/", page_views.initiative_support, name="support"),
    path("aloite/<int:pk>/seuraa/", page_views.initiative_follow, name="follow"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<initiative_lang:lang>/", include(page_patterns)),
]
