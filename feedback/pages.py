"""What feedback adds to the map pages and to a luotsi's own view.

Feedback appears on maps only as counts per area (a choropleth of peruspiirit),
never as points. Registered from FeedbackConfig.ready().
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from areas.models import AreaMembership
from luotsit.providers import AreaContent, content_provider_register
from map_ui.layers import Choropleth, Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template

from .models import FeedbackRequest

FEEDBACK_COLOUR = "#8a4b00"
# Peruspiirit: small enough to tell places apart, large enough that a count
# says nothing about any one request.
CHOROPLETH_DIVISION = "peruspiiri"


def feedback_layer() -> Layer:
    return Layer(
        key="feedback-counts",
        label=_("Feedback per area (open requests)"),
        url=api_url("feedback-area-counts", division=CHOROPLETH_DIVISION, status="open,in_progress"),
        kind=Layer.AREA,
        style=LayerStyle(color=FEEDBACK_COLOUR, weight=1, fill_opacity=0.02),
        choropleth=Choropleth(property="feedback_count"),
        title_property="name",
        popup_fields=(PopupField("feedback_count", _("Open feedback")),),
        detail_url=page_url_template("map_ui:area", division="division", code="code"),
        detail_label=_("Open the area page"),
        order=70,
    )


def luotsi_open_feedback(*, areas, user=None) -> list[AreaContent]:
    """Per area of a luotsi, the feedback not yet closed that lies in it (one query)."""
    ids = [area.pk for area in areas]
    counts = dict(
        AreaMembership.objects.filter(
            content_type=ContentType.objects.get_for_model(FeedbackRequest),
            area_id__in=ids,
            object_id__in=FeedbackRequest.objects.exclude(status=FeedbackRequest.Status.CLOSED).values("pk"),
        )
        .order_by()
        .values_list("area_id")
        .annotate(n=Count("object_id"))
    )
    return [
        AreaContent(area_id=pk, key="feedback_open", label=str(_("Open feedback")), count=counts.get(pk, 0))
        for pk in ids
    ]


def register() -> None:
    layer_registry.register(feedback_layer())
    content_provider_register(luotsi_open_feedback)
