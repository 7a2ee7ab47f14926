"""The search box's reads: addresses, streets, areas, spaces and cases by name.

`place_search(text=...)` returns typed hits, best first, each with its name in
the active language, a point (EPSG:4326) to move the map to, the bounding box
of an area, and the link to its page. Matching happens in PostgreSQL on
trigram-indexed names (matching.py); the text's forms come from terms.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.gis.db.models import Collect
from django.contrib.gis.db.models.functions import Centroid, Envelope, PointOnSurface, Transform
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from areas.models import Address, Area
from cases.models import Case, normalise_case_id
from map_ui.i18n import active_language, page_reverse
from spaces.models import Space

from .matching import SearchNorm, name_matches
from .terms import SearchTerms, search_terms

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
# Hits of one kind, and in all: a list a person reads through, not a register dump.
PER_KIND = 5
MAX_HITS = 10
WGS84 = 4326

ADDRESS, STREET, AREA, SPACE, CASE = "address", "street", "area", "space", "case"
# Among equal scores: the exact address first, then places, then things in them.
KIND_ORDER = {ADDRESS: 0, AREA: 1, STREET: 2, SPACE: 3, CASE: 4}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    name: str
    # What tells hits of one name apart: the division, the postal code, the case id.
    detail: str
    point: Point | None
    url: str
    score: float
    # (west, south, east, north) in EPSG:4326, for areas.
    bbox: tuple[float, float, float, float] | None = None


def _near_me_url(point: Point) -> str:
    query = urlencode({"lat": f"{point.y:.6f}", "lon": f"{point.x:.6f}"})
    return f"{page_reverse('map_ui:near-me')}?{query}"


def _addresses(terms: SearchTerms, language: str) -> list[SearchHit]:
    if not terms.street_variants:
        return []
    # The street exactly (any of its forms), and the number as written or with a letter: 5 -> 5, 5a.
    street = Q(street_norm__in=terms.street_variants) | Q(street_sv_norm__in=terms.street_variants)
    number = Q(number__iexact=terms.house_number)
    if terms.house_number.isdigit():
        number |= Q(number__iregex=rf"^{terms.house_number}\s?[a-z]$")
    rows = (
        Address.objects.alias(street_norm=SearchNorm("street_fi"), street_sv_norm=SearchNorm("street_sv"))
        .filter(street, number)
        .annotate(where=Transform("point", WGS84))
        .order_by("street_fi", "number")[:PER_KIND]
    )
    hits = []
    for address in rows:
        street = address.street_sv if language == "sv" and address.street_sv else address.street_fi
        hits.append(
            SearchHit(
                kind=ADDRESS,
                name=f"{street} {address.number}",
                detail=" ".join(filter(None, [address.postal_code, "Helsinki" if language != "sv" else "Helsingfors"])),
                point=address.where,
                url=_near_me_url(address.where),
                score=1.0,
            )
        )
    return hits


def _streets(terms: SearchTerms, language: str) -> list[SearchHit]:
    rows = (
        name_matches(Address.objects.all(), columns=("street_fi", "street_sv"), terms=terms)
        .order_by()
        .values("street_fi", "street_sv")
        .annotate(score=Max("search_score"), where=Transform(Centroid(Collect("point")), WGS84))
        .order_by("-score", "street_fi")[:PER_KIND]
    )
    return [
        SearchHit(
            kind=STREET,
            name=row["street_sv"] if language == "sv" and row["street_sv"] else row["street_fi"],
            detail=_("Street"),
            point=row["where"],
            url=_near_me_url(row["where"]),
            score=row["score"],
        )
        for row in rows
    ]


def _areas(terms: SearchTerms) -> list[SearchHit]:
    rows = (
        name_matches(Area.objects.valid_on(date.today()), columns=("name_fi", "name_sv"), terms=terms)
        .select_related("division")
        .defer("geometry")
        .annotate(where=Transform(PointOnSurface("geometry"), WGS84), box=Transform(Envelope("geometry"), WGS84))
        .order_by("-search_score", "division__level", "code")[:PER_KIND]
    )
    return [
        SearchHit(
            kind=AREA,
            name=area.name,
            detail=f"{area.division.name} {area.code}",
            point=area.where,
            url=page_reverse("map_ui:area", kwargs={"division": area.division.slug, "code": area.code}),
            score=area.search_score,
            bbox=tuple(round(c, 6) for c in area.box.extent),
        )
        for area in rows
    ]


def _spaces(terms: SearchTerms) -> list[SearchHit]:
    rows = (
        name_matches(Space.objects.all(), columns=("name_fi", "name_sv"), terms=terms)
        .defer("footprint")
        .annotate(where=Transform("point", WGS84))
        .order_by("-search_score", "name")[:PER_KIND]
    )
    return [
        SearchHit(
            kind=SPACE,
            name=space.name,
            detail=space.get_kind_display(),
            point=space.where,
            url=page_reverse("map_ui:space", kwargs={"pk": space.pk}),
            score=space.search_score,
        )
        for space in rows
    ]


def _case_id(text: str) -> str | None:
    try:
        return normalise_case_id(text)
    except ValidationError:
        return None


# A case title is a sentence, not a name: its match counts for less than a place's.
CASE_WEIGHT = 0.8


def _cases(terms: SearchTerms) -> list[SearchHit]:
    queryset = Case.objects.defer("geometry").annotate(where=Transform(PointOnSurface("geometry"), WGS84))
    case_id = _case_id(terms.text)
    if case_id:
        rows = [(case, 1.0) for case in queryset.filter(case_id=case_id)]
    else:
        matched = name_matches(queryset, columns=("title_fi", "title_sv"), terms=terms)
        rows = [(case, case.search_score * CASE_WEIGHT) for case in matched.order_by("-search_score", "-created")[:PER_KIND]]
    return [
        SearchHit(
            kind=CASE,
            name=case.title or case.case_id,
            detail=case.case_id,
            point=case.where,
            url=page_reverse("map_ui:case", kwargs={"case_id": case.ahjo_id}),
            score=score,
        )
        for case, score in rows
    ]


def place_search(*, text: str) -> list[SearchHit]:
    """Hits for `text` (MIN_QUERY_LENGTH..MAX_QUERY_LENGTH characters, checked by the
    callers' SearchForm), best first, names in the active language (modeltranslation's
    fields fall back to Finnish; the register's Swedish street names are used in Swedish)."""
    language = active_language()
    terms = search_terms(text=text)
    hits = [
        *_addresses(terms, language),
        *_areas(terms),
        *_streets(terms, language),
        *_spaces(terms),
        *_cases(terms),
    ]
    hits.sort(key=lambda hit: (-round(hit.score, 3), KIND_ORDER[hit.kind]))
    return hits[:MAX_HITS]
