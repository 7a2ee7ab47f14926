"""The luotsi's workspace: in Finnish without a prefix, /sv/ and /en/ as the map pages.

The paths keep /luotsit/me/ (the address the own page has always had) and add
the workspace's queues, profile and coverage under it, each in every language.
"""

from django.urls import include, path, register_converter

from map_ui.i18n import LanguagePrefixConverter

from . import views

# Its own name: map_ui registers the same converter as "lang".
register_converter(LanguagePrefixConverter, "luotsit_lang")

app_name = "luotsit"

page_patterns = [
    path("luotsit/me/", views.workspace, name="me"),
    path("luotsit/me/asukasalueet/", views.resident_area_queue, name="resident-areas"),
    path("luotsit/me/asukasalueet/<int:pk>/", views.resident_area_moderate, name="resident-area"),
    path("luotsit/me/budjettiehdotukset/", views.budget_proposal_queue, name="budget-proposals"),
    path("luotsit/me/budjettiehdotukset/<int:pk>/", views.budget_proposal_moderate, name="budget-proposal"),
    path("luotsit/me/yhteydenotot/", views.contact_queue, name="contacts"),
    path("luotsit/me/profiili/", views.profile, name="profile"),
    path("luotsit/me/kattavuus/", views.coverage, name="coverage"),
]

urlpatterns = [
    path("", include(page_patterns)),
    path("<luotsit_lang:lang>/", include(page_patterns)),
]
