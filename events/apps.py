from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Area events")

    def ready(self) -> None:
        # The map layer, the area page's section and the luotsi view's count (events.pages);
        # the OGC API collection.
        from . import ogc_collection, pages

        pages.register()
        ogc_collection.register()
