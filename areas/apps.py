from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Area divisions")

    def ready(self):
        # Resident areas add a luotsi-view provider, a map layer and an area-page section.
        from .resident import registry

        registry.register()
