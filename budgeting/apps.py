from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        # The duplicate check's stored terms follow every save (areas.similar).
        from areas.similar import keep_match_terms

        from .models import Proposal

        keep_match_terms(Proposal, "title")

        # Plug into the map and the luotsi's own view; neither app imports budgeting.
        from luotsit.providers import content_provider_register

        from . import map_layers, ogc_collection, selectors

        map_layers.register()
        ogc_collection.register()
        content_provider_register(selectors.luotsi_budget_contents)
