"""What lies in a luotsi's areas: a registry other apps plug into.

A *content provider* is a callable ``provider(*, areas, user) -> list[AreaContent]``
that counts one kind of thing (pending cases, city spaces, budget proposals,
resident areas waiting for moderation, ...) in each of the given areas. The
luotsi's own view (`selectors.luotsi_dashboard`) calls every registered
provider once for all of the luotsi's areas, so a provider makes one query,
not one per area.

Apps register in their AppConfig.ready, so that this app never imports them::

    from luotsit.providers import content_provider_register
    content_provider_register(cases.selectors.luotsi_pending_cases)

This app registers two providers itself: the areas' child areas and the
resident-defined areas that lie in them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from map_ui.i18n import page_reverse


@dataclass(frozen=True)
class AreaContent:
    """A count of one kind of content in one area, with a link to the list."""

    area_id: int
    key: str
    label: str
    count: int
    url: str | None = None


ContentProvider = Callable[..., list[AreaContent]]

_providers: list[ContentProvider] = []


def content_provider_register(provider: ContentProvider) -> ContentProvider:
    """Add `provider` (once; registering it again does nothing). Usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def content_provider_unregister(provider: ContentProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def content_providers() -> tuple[ContentProvider, ...]:
    return tuple(_providers)


def area_section_counts(
    *, key: str, label: str, section: str, counts: Callable[[list[Area]], Mapping[int, int]]
) -> ContentProvider:
    """A provider for a located kind that the area page lists (pending cases, city
    spaces, events, ...): `counts(areas)` counts it in every area in one query,
    and each count links to the area page's section `section` ("#spaces")."""

    def provider(*, areas: Sequence[Area], user=None) -> list[AreaContent]:
        found = counts(list(areas))
        return [
            AreaContent(
                area_id=area.pk,
                key=key,
                label=str(label),
                count=found[area.pk],
                url=page_reverse("map_ui:area", kwargs={"division": area.division.slug, "code": area.code}) + f"#{section}",
            )
            for area in areas
        ]

    return provider


def child_areas_provider(*, areas: Sequence[Area], user=None) -> list[AreaContent]:
    """Each area's child areas (e.g. a suurpiiri's peruspiirit), linked to the areas API."""
    counts = Area.objects.filter(pk__in=[a.pk for a in areas]).annotate(n=Count("children")).values_list("pk", "n")
    return [
        AreaContent(
            area_id=pk,
            key="child_areas",
            label=str(_("Areas inside")),
            count=n,
            url=f"{reverse('area-list')}?{urlencode({'parent': pk})}",
        )
        for pk, n in counts
    ]


def resident_areas_provider(*, areas: Sequence[Area], user=None) -> list[AreaContent]:
    """Resident-defined areas (divisions that are not official) whose point on surface lies in each area."""
    inside = (
        Area.objects.filter(division__is_official=False)
        .annotate(spot=PointOnSurface("geometry"))
        .filter(spot__coveredby=OuterRef("geometry"))
        .order_by()
        .values("division__is_official")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = (
        Area.objects.filter(pk__in=[a.pk for a in areas])
        .annotate(n=Coalesce(Subquery(inside[:1]), 0))
        .values_list("pk", "n")
    )
    return [
        AreaContent(area_id=pk, key="resident_areas", label=str(_("Resident-defined areas")), count=n)
        for pk, n in counts
    ]
