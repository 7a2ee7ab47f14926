"""Places named in Finnish and Swedish text: addresses, streets, area names.

Ahjo's cases carry no geometry, but their titles say where: "Asemakaavan
muutos nro 12856, Kluuvi, Pohjoisesplanadi 37". `TextGeolocator` finds, in
this order of preference,

1. street addresses of the register ("Pohjoisesplanadi 37"): the address point;
2. street names of the register ("Hämeentien liikennejärjestelyt"): the
   centroid of the street's addresses;
3. names of areas in the divisions of settings.GEOLOCATE_DIVISIONS
   ("Pajamäki, Pitäjänmäki"): the whole area (its geometry, precision
   "area"), the most specific area when one lies inside another. A case about
   Lauttasaari concerns all of Lauttasaari, not a pin in one of its osa-alueet.

Finnish inflects names ("Kruununhaan", "Mannerheimintiellä", "Itäkeskuksen"),
so the last word of each candidate name is reduced to the base forms it may
come from by the morphological analyser Voikko (`name_forms`), and those are
looked up; a name is matched only as whole words, never inside another word.
What it cannot place it leaves unplaced: a wrong pin is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.gis.db.models import Collect
from django.contrib.gis.db.models.functions import Area as AreaSize
from django.contrib.gis.db.models.functions import Centroid, PointOnSurface
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import models

from geo_osallisuus import finnish

from .models import Address, Area

PRECISION_ADDRESS = "address"
PRECISION_STREET = "street"
PRECISION_AREA = "area"

_WORD = re.compile(r"\w+(?:[-‐]\w+)*", re.UNICODE)
_HOUSE_NUMBER = re.compile(r"^\d{1,4}[a-zA-Z]?$|^\d{1,4}-\d{1,4}$")
_MAX_WORDS_IN_NAME = 4
# The shortest last part of a compound tried when Voikko does not know the whole word.
_MIN_TAIL = 3
# For names Voikko does not know at all ("Reimarlassa", "Landbon", "Östersundomissa",
# "Jollaksessa"): the case endings, taken off the name's own stem, which is the name,
# the name + i after a consonant, or an -s name's -kse- stem. No gradation is guessed.
_ENDINGS = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "na", "nä", "n")


# Each word is tried once per candidate name length; a long compound costs Voikko a call per split.
@lru_cache(maxsize=8192)
def name_forms(word: str) -> frozenset[str]:
    """The lower-case forms `word` (lower case) may be an inflection of, itself included.

    Finnish: the base forms Voikko gives (geo_osallisuus.finnish), which know
    consonant gradation and stem changes ("kruununhaan" -> kruununhaka,
    "kampin" -> kamppi). A word Voikko does not know as a whole (many district
    names are compounds it lacks: "rastilassa", "mustikkamaa-korkeasaaressa") is
    tried as a compound: each last part Voikko knows is put back in its base
    form after the unknown head ("ras|tilassa" -> ras + tila); and without a
    case ending (`_ENDINGS`: "landbossa" -> landbo). Swedish: the name
    as written and without a genitive -s ("drumsös" -> drumsö). The forms are
    only looked up among known names, so a wrong split finds nothing.

    >>> sorted(name_forms("kruununhaan"))
    ['kruununhaan', 'kruununhaka']
    """
    forms = {word}
    if word.endswith("s") and len(word) > _MIN_TAIL + 1:
        forms.add(word[:-1])
    known = finnish.base_forms(word)
    forms |= known
    if not known:
        for cut in range(1, len(word) - _MIN_TAIL + 1):
            forms |= {word[:cut] + base for base in finnish.base_forms(word[cut:])}
        forms |= _unknown_name_stems(word)
    return frozenset(forms)


def _unknown_name_stems(word: str) -> set[str]:
    stems = set()
    for ending in _ENDINGS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < _MIN_TAIL:
            continue
        stems.add(stem)
        if stem.endswith("i") and stem[-2] not in "aeiouyäö":
            stems.add(stem[:-1])
        if stem.endswith("kse"):
            stems.add(stem[:-3] + "s")
    return stems


def normalise_name(name: str) -> str:
    return " ".join(name.replace("‐", "-").lower().split())


def normalise_number(number: str) -> str:
    return number.replace(" ", "").lower()


@dataclass(frozen=True)
class Place:
    """One place found in a text: `geometry` is what it names (an address point, the
    centre of a street's addresses, an area's polygons); `point` a point of it."""

    point: Point
    precision: str
    matched: str
    area_id: int | None = None
    geometry: GEOSGeometry | None = None

    @property
    def shape(self) -> GEOSGeometry:
        return self.geometry if self.geometry is not None else self.point


@dataclass
class _Area:
    id: int
    point: Point
    size: float
    name: str


@dataclass
class TextGeolocator:
    """Finds places in text against the address register and the areas.

    Build it once with `from_database()` and reuse it for many texts: it reads
    the register and the area names into memory (a few MB for the whole city).
    """

    addresses: dict[tuple[str, str], Point] = field(default_factory=dict)
    streets: dict[str, tuple[str, Point]] = field(default_factory=dict)
    areas: dict[str, list[_Area]] = field(default_factory=dict)
    area_contains: dict[tuple[int, int], bool] = field(default_factory=dict)
    area_geometries: dict[int, GEOSGeometry] = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> TextGeolocator:
        locator = cls()
        for street_fi, street_sv, number, point in Address.objects.values_list(
            "street_fi", "street_sv", "number", "point"
        ):
            for street in {street_fi, street_sv} - {""}:
                locator.addresses[(normalise_name(street), normalise_number(number))] = point
        streets = (
            Address.objects.values("street_fi", "street_sv")
            .annotate(centre=Centroid(Collect("point")))
            .order_by("street_fi")
        )
        for row in streets:
            for street in {row["street_fi"], row["street_sv"]} - {""}:
                locator.streets.setdefault(normalise_name(street), (row["street_fi"], row["centre"]))
        ignored = {normalise_name(n) for n in settings.GEOLOCATE_IGNORED_NAMES}
        rows = (
            Area.objects.filter(division__slug__in=settings.GEOLOCATE_DIVISIONS)
            .annotate(inside=PointOnSurface("geometry"), size=AreaSize("geometry"))
            .values_list("pk", "name_fi", "name_sv", "inside", "size")
        )
        for pk, name_fi, name_sv, inside, size in rows:
            for name in {name_fi or "", name_sv or ""} - {""}:
                key = normalise_name(name)
                if len(key) < 4 or key in ignored:
                    continue
                locator.areas.setdefault(key, []).append(_Area(pk, inside, size.sq_m, name_fi or name))
        for candidates in locator.areas.values():
            candidates.sort(key=lambda a: a.size)
        return locator

    def locate(self, text: str) -> list[Place]:
        """The places `text` names: its addresses, else its streets, else its most specific areas."""
        words = [m.group(0) for m in _WORD.finditer(text or "")]
        lowered = [normalise_name(w) for w in words]
        used = [False] * len(words)
        addresses: list[Place] = []
        streets: list[Place] = []
        for start, length, key, original in self._names(lowered, words, self.streets):
            street_fi, centre = self.streets[key]
            after = start + length
            number = words[after] if after < len(words) and _HOUSE_NUMBER.match(words[after]) else None
            point = self.addresses.get((key, normalise_number(number))) if number else None
            for i in range(start, after + (1 if point else 0)):
                used[i] = True
            if point is not None:
                addresses.append(Place(point, PRECISION_ADDRESS, f"{original} {number}"))
            else:
                streets.append(Place(centre, PRECISION_STREET, original))
        if addresses:
            return _unique(addresses)
        if streets:
            return _unique(streets)
        found: list[tuple[_Area, str]] = []
        for _start, _length, key, original in self._names(lowered, words, self.areas, used=used):
            found.append((self.areas[key][0], original))
        return self._most_specific(found)

    def _names(self, lowered, words, table, used=None):
        """(start, word count, table key, text as written) of each name of `table` in the words."""
        taken = list(used) if used is not None else [False] * len(words)
        for length in range(_MAX_WORDS_IN_NAME, 0, -1):
            for start in range(len(words) - length + 1):
                if any(taken[start : start + length]):
                    continue
                head = " ".join(lowered[start : start + length - 1])
                for last in name_forms(lowered[start + length - 1]):
                    key = f"{head} {last}" if head else last
                    if key in table:
                        for i in range(start, start + length):
                            taken[i] = True
                        yield start, length, key, " ".join(words[start : start + length])
                        break

    def _most_specific(self, found: list[tuple[_Area, str]]) -> list[Place]:
        """Drop each area that holds another found area's point: "Pajamäki, Pitäjänmäki" is Pajamäki."""
        kept = []
        for area, matched in found:
            inner = [
                other
                for other, _m in found
                if other.id != area.id and other.size < area.size and self._holds(area, other)
            ]
            if not inner and area.id not in {a.id for a, _m in kept}:
                kept.append((area, matched))
        return [Place(a.point, PRECISION_AREA, m, area_id=a.id, geometry=self._geometry(a.id)) for a, m in kept]

    def _geometry(self, area_id: int) -> GEOSGeometry:
        """The area's polygons, read when first placed (most areas never are)."""
        if area_id not in self.area_geometries:
            self.area_geometries[area_id] = Area.objects.values_list("geometry", flat=True).get(pk=area_id)
        return self.area_geometries[area_id]

    def _holds(self, outer: _Area, inner: _Area) -> bool:
        key = (outer.id, inner.id)
        if key not in self.area_contains:
            self.area_contains[key] = Area.objects.filter(pk=outer.id, geometry__covers=inner.point).exists()
        return self.area_contains[key]


def _unique(places: list[Place]) -> list[Place]:
    seen, result = set(), []
    for place in places:
        key = (round(place.point.x, 1), round(place.point.y, 1))
        if key not in seen:
            seen.add(key)
            result.append(place)
    return result


# "Mannerheimintie 5", "Mannerheimvägen 5 B", "Kaivokatu 8, Helsinki": street, number, anything after a comma.
_ADDRESS_TEXT = re.compile(r"^\s*(?P<street>[^\d,]+?)\s+(?P<number>\d+(?:\s*[a-zA-Z])?)\s*(?:,.*)?$")


def address_find(*, text: str) -> Address | None:
    """The register's address that `text` names exactly (street in Finnish or Swedish, any
    letter case, and number), or None. No guessing: a wrong address is worse than none."""
    match = _ADDRESS_TEXT.match(text or "")
    if not match:
        return None
    street = " ".join(match.group("street").split())
    number = normalise_number(match.group("number"))
    return (
        Address.objects.filter(number__iexact=number)
        .filter(models.Q(street_fi__iexact=street) | models.Q(street_sv__iexact=street))
        .order_by("pk")
        .first()
    )
