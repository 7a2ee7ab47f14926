"""Budgeting pages: in Finnish without a prefix, /sv/ and /en/ as the map pages."""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import pages, proposal_pages, vote_pages

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "budget_lang")

app_name = "budgeting"

page_patterns = [
    path("budjetointi/", pages.round_page, name="current-round"),
    path("budjetointi/<int:year>/", pages.round_page, name="round"),
    path("budjetointi/<int:year>/ehdota/", proposal_pages.propose, name="propose"),
    path("budjetointi/<int:year>/aanesta/", vote_pages.vote, name="vote"),
    path("budjetointi/<int:year>/aanesta/valmis/", vote_pages.vote_done, name="vote-done"),
    path("budjetointi/<int:year>/tulokset/", pages.results_page, name="results"),
    path("budjetointi/ehdotukset/<int:pk>/", proposal_pages.proposal_detail, name="proposal"),
    path("budjetointi/ehdotukset/<int:pk>/tue/", proposal_pages.proposal_support, name="proposal-support"),
    path("budjetointi/hankkeet/<int:pk>/", pages.project_detail, name="project"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<budget_lang:lang>/", include(page_patterns)),
]
