"""Many-to-many links to areas (a luotsi's areas, ...) across an import that removes an area
and a later one that brings its code back: stored by division and code, then restored.

Found from Area's own relations, so areas needs to know no app that links to it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import Area, RemovedAreaLink


def _m2m_fields():
    """(model, field name) of every many-to-many field that points to Area."""
    return [
        (rel.related_model, rel.field.name)
        for rel in Area._meta.related_objects
        if rel.many_to_many and not rel.related_model._meta.auto_created
    ]


def area_links_store(*, areas: list[Area]) -> list[str]:
    """Keep the links to `areas` (about to be removed); one line per link, for the summary."""
    lines: list[str] = []
    for model, field_name in _m2m_fields():
        content_type = ContentType.objects.get_for_model(model)
        for area in areas:
            for obj in model.objects.filter(**{field_name: area}):
                RemovedAreaLink.objects.get_or_create(
                    division=area.division,
                    code=area.code,
                    content_type=content_type,
                    object_id=obj.pk,
                    field_name=field_name,
                )
                lines.append(f"{area.name_fi} ({area.code}): {obj._meta.verbose_name} {obj}")
    return lines


def area_links_restore(*, areas: list[Area]) -> int:
    """Give the links stored for these areas' division and code back to them; the number restored."""
    restored = 0
    for area in areas:
        stored = RemovedAreaLink.objects.filter(division=area.division, code=area.code).select_related("content_type")
        for link in stored:
            model = link.content_type.model_class()
            obj = model.objects.filter(pk=link.object_id).first() if model else None
            if obj is not None:  # an item deleted meanwhile has nothing to get back
                getattr(obj, link.field_name).add(area)
                restored += 1
        stored.delete()
    return restored
