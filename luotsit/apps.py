from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LuotsitConfig(AppConfig):
    name = "luotsit"
    verbose_name = _("Stadiluotsit and yritysluotsit")

    def ready(self):
        # The luotsi's own view lists what lies in their areas; this app
        # contributes the areas' own content. Other apps (cases, spaces,
        # budgeting) register theirs the same way in their AppConfig.ready.
        from . import pages, providers

        providers.content_provider_register(providers.child_areas_provider)
        providers.content_provider_register(providers.resident_areas_provider)
        # The luotsi areas layer, the area page's card, the near-me panel.
        pages.register()
