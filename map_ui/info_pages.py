"""The pages every city service has, linked from each page's footer: the
accessibility statement, the privacy notice and the open-data licence.

Their texts are long, legal and reviewed as a whole, so each language has its
own template (map_ui/info/<page>.<language>.html) rather than hundreds of
gettext entries; only the titles and links are gettext strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .i18n import active_language, url_language


@dataclass(frozen=True)
class InfoPage:
    name: str  # URL name in the map_ui namespace and the template's stem
    route: str
    title: Promise


INFO_PAGES = (
    InfoPage(name="accessibility", route="saavutettavuus/", title=_("Accessibility statement")),
    InfoPage(name="privacy", route="tietosuoja/", title=_("Privacy notice")),
    InfoPage(name="open-data", route="avoin-data/", title=_("Open data and licences")),
)


def _view(page: InfoPage):
    @url_language
    def view(request):
        body = f"map_ui/info/{page.name}.{active_language()}.html"
        return render(request, "map_ui/info_page.html", {"title": page.title, "body": body})

    view.__name__ = f"{page.name.replace('-', '_')}_page"
    return view


def urlpatterns() -> list:
    return [path(page.route, _view(page), name=page.name) for page in INFO_PAGES]
