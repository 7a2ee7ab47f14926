from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = _("City spaces")

    def ready(self) -> None:
        # The map layer, the space page, the area page's list and the luotsi
        # view's count (spaces.pages).
        from . import pages

        pages.register()
