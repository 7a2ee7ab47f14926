from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapUiConfig(AppConfig):
    name = "map_ui"
    verbose_name = _("Map pages")

    def ready(self) -> None:
        # The area divisions are this app's own layers and sections; other apps
        # (cases, spaces, budgeting, luotsit) register theirs in their own ready().
        from . import area_layers

        area_layers.register()
