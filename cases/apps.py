from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Pending cases")

    def ready(self) -> None:
        # The map layer, the case page, the area page's list and the luotsi
        # view's count (cases.pages).
        from . import pages

        pages.register()
