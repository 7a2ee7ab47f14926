"""The service's own layers: the areas of each division, cases, city spaces and
the areas the luotsit serve.

Each layer publishes only the properties listed here. Luotsi contacts appear
only where the luotsi allows their publication (the rule of
luotsit.selectors.luotsi_public_contacts, written here as SQL).
"""

from __future__ import annotations

from django.db.models import Case as When_, F, Value, When
from django.db.models import CharField
from django.db.models.functions import Coalesce, NullIf, Replace
from django.utils.translation import gettext, gettext_lazy as _

from .registry import Collection, Queryable, collection_registry

AREA_PREFIX = "areas-"


def _first_language(path: str) -> Coalesce:
    """The text in Finnish, else Swedish, else English: a name that is never blank when one exists."""
    return Coalesce(
        *(NullIf(F(f"{path}_{lang}"), Value("")) for lang in ("fi", "sv", "en")),
        F(path),
        output_field=CharField(),
    )


def translated_properties(name: str) -> dict[str, object]:
    """A translated field's properties: `name` in the first language that has it, then each language's own."""
    return {name: _first_language(name), **{f"{name}_{lang}": f"{name}_{lang}" for lang in ("fi", "sv", "en")}}


def _area_properties() -> dict[str, object]:
    return {
        "division": "division__slug",
        "code": "code",
        "full_code": "full_code",
        **translated_properties("name"),
        "parent_code": "parent__code",
        "population": "population",
        "population_year": "population_year",
        "is_approximate": "is_approximate",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
    }


def division_collections() -> list[Collection]:
    """One collection per division that has areas (resident-defined areas included)."""
    from areas.models import Area, DivisionType

    divisions = DivisionType.objects.filter(areas__isnull=False).distinct().order_by("level", "slug")
    collections = []
    for division in divisions:
        collections.append(
            Collection(
                id=f"{AREA_PREFIX}{division.slug}",
                title=gettext("Areas: {division}").format(division=division.name),
                description=(
                    gettext("The areas of the division {division} ({slug}).").format(
                        division=division.name, slug=division.slug
                    )
                    + ("" if division.is_official else " " + gettext("Drawn by residents, following no official line."))
                ),
                queryset=lambda pk=division.pk: Area.objects.filter(division_id=pk).order_by("code", "pk"),
                properties=_area_properties(),
                queryables=(
                    Queryable("code", "code", description=_("The area's code.")),
                    Queryable("parent_code", "parent__code", description=_("The parent area's code.")),
                    Queryable("is_approximate", "is_approximate", "boolean", _("Approximate (demo) boundary.")),
                ),
                geometry_type="MultiPolygon",
                keywords=("area", division.slug),
                scope=(division.pk,),
            )
        )
    return collections


def _cases():
    from cases.models import Case

    return Case.objects.order_by("-created", "case_id")


def _spaces():
    from spaces.models import Space

    return Space.objects.order_by("name_fi", "pk")


def _luotsi_areas():
    from luotsit.models import Luotsi

    # Two divisions of one level can share codes: area_id, then the row, make paging exact.
    return Luotsi.areas.through.objects.filter(luotsi__in=Luotsi.objects.active()).order_by(
        "area__division__level", "area__code", "area_id", "luotsi__role", "luotsi_id", "pk"
    )


def _published(field: str, flag: str) -> When_:
    """The luotsi's contact field when its publication is allowed, else null."""
    return When_(When(**{flag: True}, then=F(field)), default=Value(None), output_field=CharField())


def register_builtin_collections() -> None:
    collection_registry.register_provider(division_collections)
    collection_registry.register(
        Collection(
            id="cases",
            title=_("Cases in Ahjo"),
            description=_(
                "Public cases of the city's decision system Ahjo, where they are known to lie "
                "(unplaced cases have no geometry). status=pending gives the pending ones."
            ),
            queryset=_cases,
            properties={
                "case_id": "case_id",
                # As Ahjo's API and the case pages' URLs write it: HEL-2025-007790.
                "ahjo_id": Replace(F("case_id"), Value(" "), Value("-")),
                "title": _first_language("title"),
                "title_fi": "title_fi",
                "title_sv": "title_sv",
                "status": "status",
                "sector": "sector",
                "sector_code": "sector_code",
                "classification_code": "classification_code",
                "classification_title": "classification_title",
                "created": "created",
                "last_handled": "last_handled",
                "is_demo": "is_demo",
            },
            temporal="created",
            queryables=(
                Queryable("status", "status", description=_("pending, decided, archived or other.")),
                Queryable("sector_code", "sector_code", description=_("The preparing sector's code.")),
                Queryable("classification_code", "classification_code", description=_("Ahjo's classification.")),
                Queryable("case_id", "case_id", description=_('As Ahjo labels it: "HEL 2025-007790".')),
                Queryable("is_demo", "is_demo", "boolean", _("Demo data.")),
            ),
            keywords=("ahjo", "case"),
        )
    )
    collection_registry.register(
        Collection(
            id="spaces",
            title=_("City spaces"),
            description=_("Spaces the city opens to residents: libraries, youth centres, playgrounds, schools..."),
            queryset=_spaces,
            geometry="point",
            geometry_type="Point",
            properties={
                **translated_properties("name"),
                "kind": "kind",
                "street_address": "street_address_fi",
                "postal_code": "postal_code",
                "municipality": "municipality",
                "phone": "phone",
                "email": "email",
                "www": "www_fi",
                "capacity": "capacity",
                "wheelchair_accessible": "wheelchair_accessible",
                "is_free": "is_free",
                "price_info": "price_info_fi",
                "self_service": "self_service",
                "opening_hours": "opening_hours_text_fi",
                "booking_url": "booking_url",
                "is_demo": "is_demo",
                "modified": "modified_at",
            },
            temporal="modified_at",
            queryables=(
                Queryable("kind", "kind", description=_("library, youth_centre, playground, school...")),
                Queryable("is_free", "is_free", "boolean", _("Free of charge.")),
                Queryable("self_service", "self_service", "boolean", _("Self-supervised use.")),
                Queryable("postal_code", "postal_code", description=_("Postal code.")),
            ),
            keywords=("space",),
        )
    )
    collection_registry.register(
        Collection(
            id="luotsi-areas",
            title=_("Areas served by luotsit"),
            description=_(
                "One feature per active luotsi and area served. Contacts appear only where the luotsi "
                "allows their publication."
            ),
            queryset=_luotsi_areas,
            geometry="area__geometry",
            geometry_type="MultiPolygon",
            properties={
                "role": "luotsi__role",
                "luotsi_name": "luotsi__name",
                "luotsi_title": "luotsi__title_fi",
                "email": _published("luotsi__email", "luotsi__publish_email"),
                "phone": _published("luotsi__phone", "luotsi__publish_phone"),
                "division": "area__division__slug",
                "area_code": "area__code",
                "area_name": _first_language("area__name"),
                "area_name_sv": "area__name_sv",
            },
            queryables=(
                Queryable("role", "luotsi__role", description=_("stadiluotsi or yritysluotsi.")),
                Queryable("division", "area__division__slug", description=_("The area's division.")),
                Queryable("area_code", "area__code", description=_("The area's code.")),
            ),
            keywords=("luotsi",),
        )
    )
