from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentAreasConfig(AppConfig):
    name = "resident_areas"
    verbose_name = _("Resident-defined areas")

    def ready(self):
        # The luotsi-view provider, the map layer and the area-page section.
        from . import registry

        registry.register()
