from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Pending cases")

    def ready(self) -> None:
        from geo_osallisuus.finnish import voikko_check

        # The geolocator reads inflected place names through Voikko (areas.geocoding).
        checks.register(voikko_check, checks.Tags.compatibility)
        # The map layer, the case page, the area page's list and the luotsi
        # view's count (cases.pages).
        from . import pages

        pages.register()
