from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        # The duplicate check's stored terms follow every save (areas.similar).
        from areas.similar import keep_match_terms

        from .models import Initiative

        keep_match_terms(Initiative, "title")

        # The map layer of initiatives and the luotsi view's count (initiatives.pages).
        from . import ogc_collection, pages

        ogc_collection.register()
        pages.register()
