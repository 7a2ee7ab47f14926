"""Initiatives as a collection of the OGC API (ogc/) and its vector tiles.

What the public list shows (initiatives.selectors.initiative_list without a user:
no drafts, nothing withdrawn), with the place the author gave, which is public;
never the author.
"""

from django.utils.translation import gettext_lazy as _


def _initiatives():
    from .selectors import initiative_list

    return initiative_list().select_related(None).order_by("-submitted_at", "pk")


def register() -> None:
    from ogc.registry import Collection, Queryable, collection_registry

    collection_registry.register(
        Collection(
            id="initiatives",
            title=_("Initiatives"),
            description=_("Residents' initiatives that have been submitted, where their authors placed them."),
            queryset=_initiatives,
            properties={
                "title": "title",
                "state": "state",
                "category": "category__code",
                "youth": "youth",
                "submitted": "submitted_at",
                "answered": "answered_at",
                # As the public list shows it (the map's popup reads it).
                "support_count": "support_count",
            },
            temporal="submitted_at",
            queryables=(
                Queryable("state", "state", description=_("submitted, in_preparation or answered.")),
                Queryable("category", "category__code", description=_("The category's code.")),
                Queryable("youth", "youth", "boolean", _("Made through the youth channel.")),
            ),
            keywords=("initiatives", "aloitteet"),
        )
    )
