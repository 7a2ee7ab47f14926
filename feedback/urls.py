"""Feedback pages: in Finnish without a prefix, /sv/ and /en/ as the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter, url_language

from . import page_views

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "feedback_lang")

app_name = "feedback"

page_patterns = [
    path("palaute/", page_views.feedback_list, name="list"),
    path("palaute/uusi/", page_views.feedback_new, name="new"),
    path("palaute/<int:pk>/", page_views.feedback_detail, name="detail"),
    path("palaute/<int:pk>/seuraa/", page_views.feedback_follow, name="follow"),
    path("palaute/kuva/<uuid:key>/", url_language(page_views.feedback_photo), name="photo"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<feedback_lang:lang>/", include(page_patterns)),
]
