"""Sections of the area page that apps fill in.

The area page lists what lies in an area. map_ui adds the child areas; the apps
for pending cases, city spaces, budget projects and stadiluotsit register their
own section (a list or the luotsi card) from AppConfig.ready()::

    area_sections.register(AreaSection(
        key="cases", title=_("Pending cases"), order=20,
        template_name="cases/area_section.html",
        context=lambda area: {"cases": case_list(area=area)} or None,
    ))

`context(area)` returns the template's context, or None to leave the section
out (nothing to show). Each template starts below an <h2> holding the title.
A list of located items takes its context from `area_list` and ends with
map_ui/_more_on_map.html: the map shows what the list leaves out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from areas.models import Area


@dataclass(frozen=True)
class AreaSection:
    key: str
    title: str
    template_name: str
    context: Callable[[Area], dict[str, Any] | None]
    order: int = 100


class AreaSectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, AreaSection] = {}

    def register(self, section: AreaSection) -> AreaSection:
        if section.key in self._sections:
            raise ValueError(f"An area page section {section.key!r} is already registered.")
        self._sections[section.key] = section
        return section

    def unregister(self, key: str) -> None:
        self._sections.pop(key, None)

    def sections(self) -> list[AreaSection]:
        return sorted(self._sections.values(), key=lambda section: section.order)


area_sections = AreaSectionRegistry()


def area_list(items: QuerySet, *, limit: int) -> dict[str, Any]:
    """An area section's list: the first `limit` of `items` (in their order), how
    many there are in all, and how many more the map shows than the list."""
    total = items.count()
    return {"items": list(items[:limit]), "total": total, "more": max(total - limit, 0)}


def area_sections_render(*, area: Area) -> list[dict[str, Any]]:
    """The sections with something to show for `area`, each with its context."""
    rendered = []
    for section in area_sections.sections():
        context = section.context(area)
        if context is not None:
            rendered.append({"key": section.key, "title": section.title, "template_name": section.template_name, "context": context})
    return rendered


@dataclass(frozen=True)
class NearMePanel:
    """A section of the "what is near me" page that an app fills in from the browser.

    The page renders an empty <section id="near-me-<key>"> under `title`, the
    `config()` dict as JSON in <script id="near-me-<key>-config">, then the
    static `script`. near_me.js dispatches a "geo:lookup" event on
    #near-me-results with the area lookup's response as `detail`.
    """

    key: str
    title: str
    script: str
    config: Callable[[], dict[str, Any]]
    order: int = 100


class NearMePanelRegistry:
    def __init__(self) -> None:
        self._panels: dict[str, NearMePanel] = {}

    def register(self, panel: NearMePanel) -> NearMePanel:
        if panel.key in self._panels:
            raise ValueError(f"A near-me panel {panel.key!r} is already registered.")
        self._panels[panel.key] = panel
        return panel

    def unregister(self, key: str) -> None:
        self._panels.pop(key, None)

    def panels(self) -> list[NearMePanel]:
        return sorted(self._panels.values(), key=lambda panel: panel.order)


near_me_panels = NearMePanelRegistry()


def near_me_panels_render() -> list[dict[str, Any]]:
    return [
        {"key": p.key, "title": p.title, "script": p.script, "config": p.config(), "config_id": f"near-me-{p.key}-config"}
        for p in near_me_panels.panels()
    ]
