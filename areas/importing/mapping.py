"""Which attribute of a division file holds what.

Helsinki's open-data division layers (Piirijako_suurpiiri, Piirijako_peruspiiri,
Piirijako_osaalue, Kaupunginosajako) name their attributes `tunnus`, `nimi_fi`,
`nimi_se` and `kokotunnus`, in varying letter case; other files get an explicit
mapping (`--field code=ID`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from areas.models import DivisionType

from .readers import ImportFileError, SourceLayer

# Target -> attribute names tried in order (compared case-insensitively).
# The last name of each is the service's own (/api/v1/areas/ GeoJSON), so its export reads back.
HELSINKI_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("tunnus", "code"),
    "name_fi": ("nimi_fi", "name_fi", "name"),  # `name`: a KML Placemark's <name>
    "name_sv": ("nimi_se", "nimi_sv", "name_sv"),
    "name_en": ("nimi_en", "name_en"),
    "full_code": ("kokotunnus", "full_code"),
    "population": ("asukasluku", "vaesto", "population"),
    "division": ("aluejako", "division"),
    # Regional layers: a feature of another municipality is skipped (municipality.py).
    "municipality": ("kunta", "city_fi"),
}
REQUIRED_TARGETS = ("code", "name_fi")
TARGETS = tuple(HELSINKI_FIELDS)

# The `aluejako` values and layer names of Helsinki's layers -> division slug.
HELSINKI_DIVISIONS: dict[str, str] = {
    "suurpiiri": "suurpiiri",
    "piirijako_suurpiiri": "suurpiiri",
    "peruspiiri": "peruspiiri",
    "piirijako_peruspiiri": "peruspiiri",
    "osa-alue": "osa-alue",
    "osa_alueet": "osa-alue",
    "piirijako_osaalue": "osa-alue",
    "kaupunginosa": "kaupunginosa",
    "kaupunginosat": "kaupunginosa",
    "kaupunginosajako": "kaupunginosa",
}


@dataclass(frozen=True)
class FieldMapping:
    """Target name -> the file's attribute name (as the file spells it)."""

    fields: dict[str, str]

    def value(self, properties: dict, target: str):
        name = self.fields.get(target)
        return None if name is None else properties.get(name)


def parse_field_options(options: list[str]) -> dict[str, str]:
    """["code=ID", "name_fi=NIMI"] -> {"code": "ID", "name_fi": "NIMI"}."""
    explicit: dict[str, str] = {}
    for option in options:
        target, sep, attribute = option.partition("=")
        target, attribute = target.strip(), attribute.strip()
        if not sep or not attribute:
            raise ImportFileError(_("A field mapping is written target=attribute, not {option!r}.").format(option=option))
        if target not in TARGETS:
            raise ImportFileError(
                _("Unknown mapping target {target!r}; use one of {targets}.").format(
                    target=target, targets=", ".join(TARGETS)
                )
            )
        explicit[target] = attribute
    return explicit


def resolve_mapping(file_fields: list[str], explicit: dict[str, str] | None = None) -> FieldMapping:
    """Match targets to the file's attributes; a missing required one stops the import."""
    by_lower = {name.lower(): name for name in file_fields}
    resolved: dict[str, str] = {}
    for target, candidates in HELSINKI_FIELDS.items():
        wanted = (explicit or {}).get(target)
        if wanted is not None:
            if wanted.lower() not in by_lower:
                raise ImportFileError(
                    _("The file has no attribute {name!r} (mapped to {target}); it has {fields}.").format(
                        name=wanted, target=target, fields=", ".join(file_fields) or "-"
                    )
                )
            resolved[target] = by_lower[wanted.lower()]
            continue
        for candidate in candidates:
            if candidate in by_lower:
                resolved[target] = by_lower[candidate]
                break
    missing = [t for t in REQUIRED_TARGETS if t not in resolved]
    if missing:
        raise ImportFileError(
            _("The file lacks the attribute for {targets}; it has {fields}. Map it with --field {example}=ATTRIBUTE.").format(
                targets=", ".join(missing), fields=", ".join(file_fields) or "-", example=missing[0]
            )
        )
    return FieldMapping(fields=resolved)


def division_for_layer(*, slug: str | None, layer: SourceLayer, mapping: FieldMapping) -> DivisionType:
    """The DivisionType a layer's areas belong to: `slug` when given, else recognised from
    the layer's name or its first feature's `aluejako` (which is put back for reading)."""
    if not slug:
        slug = HELSINKI_DIVISIONS.get(layer.name.lower())
    if not slug and "division" in mapping.fields:
        first = next(layer.features, None)
        if first is not None:
            layer.features = itertools.chain([first], layer.features)
            value = mapping.value(first.properties, "division")
            slug = HELSINKI_DIVISIONS.get(str(value or "").lower())
    if not slug:
        raise ImportFileError(
            _("Cannot tell which division layer {layer!r} is; name the division ({slugs}).").format(
                layer=layer.name, slugs=", ".join(DivisionType.objects.values_list("slug", flat=True))
            )
        )
    try:
        return DivisionType.objects.get(slug=slug)
    except DivisionType.DoesNotExist:
        raise ImportFileError(_("Unknown division {slug!r}.").format(slug=slug)) from None
