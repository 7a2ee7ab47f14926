from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        # The map layer, the area page's section and the luotsi view's count (volunteering.pages).
        from . import pages

        pages.register()
