from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        # The duplicate check's stored terms follow every save (areas.similar).
        from areas.similar import keep_match_terms

        from .models import FeedbackRequest

        keep_match_terms(FeedbackRequest, "description")

        # The choropleth layer of feedback counts and the luotsi view's count
        # (feedback.pages); neither map_ui nor luotsit imports this app.
        from . import ogc_collection, pages

        ogc_collection.register()
        pages.register()
