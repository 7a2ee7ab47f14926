from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgcConfig(AppConfig):
    name = "ogc"
    verbose_name = _("Spatial API for planners")

    def ready(self) -> None:
        # The service's own layers; other apps register theirs in their own ready().
        from . import builtin

        builtin.register_builtin_collections()
