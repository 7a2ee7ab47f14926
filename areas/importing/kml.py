"""KML division files, read by the service itself (not GDAL): each Placemark is a feature.

Its <name> is the attribute `name`, its ExtendedData (<Data name><value>, <SimpleData name>)
the other attributes; polygons are lon/lat (KML is always EPSG:4326) and heights are dropped.
defusedxml refuses DTDs, entities and external references, so reading a file opens nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import fromstring as xml_fromstring
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils.translation import gettext as _

from .readers import MSG_NO_FEATURES, Feature, ImportFileError, SourceLayer

KML_SRID = 4326


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def open_kml(path: Path) -> SourceLayer:
    try:
        root = xml_fromstring(path.read_bytes(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportFileError(_("The KML file declares a DTD or entities, which are not accepted.")) from None
    except XMLParseError as exc:
        raise ImportFileError(_("The KML file is malformed: {reason}").format(reason=str(exc)[:200])) from None
    if _local(root.tag) != "kml":
        raise ImportFileError(
            _("The KML file is malformed: {reason}").format(reason=_("the root element is not kml"))
        )
    placemarks = [e for e in root.iter() if _local(e.tag) == "Placemark"]
    if not placemarks:
        raise ImportFileError(MSG_NO_FEATURES)
    rows = [_attributes(p) for p in placemarks]
    fields: dict[str, None] = {}
    for row in rows:
        fields.update(dict.fromkeys(row))
    document = next((e for e in root if _local(e.tag) == "Document"), None)
    document_name = next((e.text for e in document if _local(e.tag) == "name"), None) if document is not None else None
    return SourceLayer(
        name=(document_name or "").strip() or path.stem,
        srid=KML_SRID,
        srid_source="file",
        fields=list(fields),
        count=len(placemarks),
        features=_features(placemarks, rows),
    )


def _attributes(placemark) -> dict[str, str]:
    found: dict[str, str] = {}
    name = next((e.text for e in placemark if _local(e.tag) == "name"), None)
    if name is not None:
        found["name"] = " ".join(name.split())
    for element in placemark.iter():
        tag, key = _local(element.tag), element.get("name")
        if not key:
            continue
        if tag == "SimpleData":
            found.setdefault(key, (element.text or "").strip())
        elif tag == "Data":
            value = next((e.text for e in element if _local(e.tag) == "value"), None)
            found.setdefault(key, (value or "").strip())
    return found


def _features(placemarks: list, rows: list[dict[str, str]]) -> Iterator[Feature]:
    for number, (placemark, properties) in enumerate(zip(placemarks, rows), start=1):
        polygons = [_polygon(e, number) for e in placemark.iter() if _local(e.tag) == "Polygon"]
        if not polygons:
            raise ImportFileError(
                _("Feature {n} ({name}) holds no polygon.").format(n=number, name=properties.get("name", "-"))
            )
        geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons, srid=KML_SRID)
        yield Feature(properties=properties, geometry=geometry, number=number)


def _polygon(element, number: int) -> Polygon:
    outer = [_ring(e, number) for e in element.iter() if _local(e.tag) == "outerBoundaryIs"]
    inner = [_ring(e, number) for e in element.iter() if _local(e.tag) == "innerBoundaryIs"]
    if len(outer) != 1:
        raise ImportFileError(_("Feature {n}: a Polygon needs one outerBoundaryIs.").format(n=number))
    try:
        return Polygon(outer[0], *inner, srid=KML_SRID)
    except (TypeError, ValueError, IndexError) as exc:
        raise ImportFileError(
            _("Feature {n} has a malformed geometry: {error}").format(n=number, error=str(exc)[:200])
        ) from None


def _ring(boundary, number: int) -> list[tuple[float, float]]:
    """"lon,lat[,height] ..." as (lon, lat) pairs: a height is dropped."""
    texts = [e.text or "" for e in boundary.iter() if _local(e.tag) == "coordinates"]
    if len(texts) != 1:
        raise ImportFileError(_("Feature {n}: a boundary needs one coordinates element.").format(n=number))
    ring = []
    for token in texts[0].split():
        parts = token.split(",")
        try:
            if len(parts) not in (2, 3):
                raise ValueError(token)
            ring.append((float(parts[0]), float(parts[1])))
        except ValueError:
            raise ImportFileError(
                _("Feature {n} has a bad coordinate {value!r}.").format(n=number, value=token[:40])
            ) from None
    return ring
