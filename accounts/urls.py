"""Sign-in pages, in Finnish without a prefix and under /sv/ and /en/ like the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import views

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "accounts_lang")

app_name = "accounts"

page_patterns = [
    path("kirjaudu/", views.signin, name="signin"),
    path("kirjaudu/epaonnistui/", views.signin_failed, name="signin-failed"),
    path("kirjaudu-ulos/", views.signout, name="signout"),
    path("oma-sivu/", views.me, name="me"),
    path("oma-sivu/tunnisteet/", views.tokens, name="tokens"),
    path("oma-sivu/tunnisteet/<int:token_id>/peru/", views.token_revoke, name="token-revoke"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<accounts_lang:lang>/", include(page_patterns)),
]
