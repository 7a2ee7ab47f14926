"""What the luotsit add to the map pages.

Registered from LuotsitConfig.ready(): the luotsi areas map layer (the coverage
API), the luotsi card on the area page and the luotsi of the chosen point on
the "what is near me" page. Every card here is public: only the contact
details the luotsi allows to be published (selectors.luotsi_public_contacts).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from map_ui.i18n import active_language
from map_ui.layers import Layer, LayerStyle, PopupField, api_url, layer_registry, page_url_template
from map_ui.sections import AreaSection, NearMePanel, area_sections, near_me_panels

from . import selectors
from .models import SPOKEN_LANGUAGES, Luotsi, Role

# The division whose areas the layer shows: the demo's stadiluotsit each serve a suurpiiri.
LAYER_DIVISION = "suurpiiri"
LUOTSI_COLOUR = "#6b4f00"


def luotsi_layer() -> Layer:
    return Layer(
        key="luotsi-areas",
        label=gettext_lazy("Areas of the stadiluotsit"),
        url=api_url(
            "luotsi-coverage", division=LAYER_DIVISION, role=Role.STADILUOTSI, status=f"{selectors.COVERED},{selectors.OVERLAP}"
        ),
        kind=Layer.AREA,
        style=LayerStyle(color=LUOTSI_COLOUR, weight=4, fill_opacity=0.05, dash_array="10 6"),
        popup_fields=(PopupField("luotsit", gettext_lazy("Stadiluotsi")),),
        detail_url=page_url_template("map_ui:area", division="division", code="code"),
        detail_label=gettext_lazy("See the luotsi's contact details"),
        order=60,
    )


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in SPOKEN_LANGUAGES}


def _displayed(cards: list[dict]) -> dict:
    """The cards as the card template shows them: each title in the page's language."""
    language = active_language()
    names = _language_names()
    for card in cards:
        title = card.get(f"title_{language}") or card.get("title") or ""
        # "Stadiluotsi · Stadiluotsi" says nothing twice.
        card["display_title"] = "" if title.casefold() == card["role_label"].casefold() else title
        card["language_names"] = [names.get(code, code) for code in card["languages"]]
    return {"cards": cards}


def luotsi_section(area: Area) -> dict:
    """The public cards of the area's luotsit (stadiluotsi first), each title in the page's language."""
    return _displayed(selectors.luotsi_card_for_area(area=area))


def luotsi_card_preview(luotsi: Luotsi) -> dict:
    """The luotsi's own public card, for their profile page: the same card function
    (published contacts only) and template data as the area page's section."""
    card = selectors.luotsi_card(luotsi)
    card["is_fallback"] = False
    return _displayed([card])


def near_me_config() -> dict:
    return {
        "lookupUrl": reverse("luotsi-lookup"),
        "language": active_language(),
        "languageNames": _language_names(),
        "messages": {
            "choose": _("Choose a point to see its stadiluotsi and yritysluotsi."),
            "looking": _("Looking up the luotsi…"),
            "failed": _("The luotsi lookup failed. Try again later."),
            "none": _("No luotsi serves this point yet."),
            "servesArea": _("Serves {area}"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "languages": _("Languages"),
        },
    }


def register() -> None:
    layer_registry.register(luotsi_layer())
    area_sections.register(
        AreaSection(
            key="luotsi",
            title=gettext_lazy("Your luotsi"),
            template_name="luotsit/sections/luotsi_card.html",
            context=luotsi_section,
            order=5,
        )
    )
    near_me_panels.register(
        NearMePanel(
            key="luotsi",
            title=gettext_lazy("Your luotsi at the chosen point"),
            script="luotsit/near_me_luotsi.js",
            config=near_me_config,
        )
    )
