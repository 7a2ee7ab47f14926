from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from geo_osallisuus.finnish import voikko_check

        from . import pages

        # Inflected Finnish names are the search's main case: no Voikko, no start.
        checks.register(voikko_check, checks.Tags.compatibility)
        pages.register()
