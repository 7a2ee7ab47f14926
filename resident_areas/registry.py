"""What resident areas add to other apps: the luotsi's view, the map and the area page.

Called from ResidentAreasConfig.ready(); each part only when its app is installed, and
nothing here queries the database (the registries call back per request).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

LAYER_KEY = "resident-areas"
SECTION_KEY = "resident-area-overlap"


def overlap_section_context(area) -> dict | None:
    """The overlap analysis on the page of an approved resident area; None on other pages."""
    from .models import ResidentArea
    from .presenting import overlap_presented

    resident_area = ResidentArea.objects.filter(area=area).first()
    if resident_area is None:
        return None
    return {"overlap": overlap_presented(resident_area=resident_area), "resident_area": resident_area}


def register() -> None:
    if apps.is_installed("luotsit"):
        from luotsit.providers import content_provider_register

        from .selectors import luotsi_waiting_proposals

        content_provider_register(luotsi_waiting_proposals)
    if apps.is_installed("map_ui"):
        from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
        from map_ui.sections import AreaSection, area_sections

        layer_registry.register(
            Layer(
                key=LAYER_KEY,
                label=_("Resident-defined areas"),
                url=api_url("resident-area-list", state="approved", page_size=1000),
                kind=Layer.AREA,
                style=LayerStyle(color="#8a4b00", weight=2, dash_array="4 3"),
                popup_fields=(PopupField("code", _("Code")), PopupField("description", _("Description"))),
                detail_url=page_url_template("map_ui:area", division="division", code="code"),
                detail_label=_("Open the area page"),
                order=60,
            )
        )
        area_sections.register(
            AreaSection(
                key=SECTION_KEY,
                title=_("How this resident area lies on the official areas"),
                template_name="resident_areas/sections/overlap.html",
                context=overlap_section_context,
                order=15,
            )
        )
