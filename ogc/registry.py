"""The layers the planners' spatial API serves: one registry for OGC API –
Features, vector tiles and open-data exports.

A layer is a `Collection`: a queryset factory, the path of its geometry, the
properties it publishes (name → ORM path or expression) and the few that may be
filtered on. Adding a layer is one `collection_registry.register(Collection(...))`
in an app's `AppConfig.ready()`; layers that exist once per database row (the
areas of each division) come from a provider function registered with
`collection_registry.register_provider(fn)`.

Only the properties listed are ever published, so personal data stays out by
construction: a layer lists what may be public and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Queryable:
    """A property a client may filter on with `?name=value` (exact match; commas = any of)."""

    name: str
    path: str
    kind: str = "string"  # string, integer or boolean
    description: str | Promise = ""


@dataclass(frozen=True)
class Collection:
    id: str
    title: str | Promise
    description: str | Promise
    queryset: Callable[[], QuerySet]
    properties: dict[str, object]
    geometry: str = "geometry"
    # The primary key path, published as the feature id.
    feature_id: str = "pk"
    # The date-time path the `datetime` parameter filters on, if the layer has dates.
    temporal: str | None = None
    queryables: tuple[Queryable, ...] = ()
    # The geometry type clients may expect (OpenAPI/HTML only; the data decides).
    geometry_type: str = "Geometry"
    keywords: tuple[str, ...] = field(default_factory=tuple)
    # What the queryset depends on besides the id, when a provider makes the layer
    # from data (a division's primary key): part of the key under which the
    # layer's tile SQL is compiled once (ogc.tile_sql).
    scope: tuple = ()

    def items(self) -> QuerySet:
        return self.queryset()

    def queryable(self, name: str) -> Queryable | None:
        return next((q for q in self.queryables if q.name == name), None)


class CollectionRegistry:
    def __init__(self) -> None:
        self._collections: dict[str, Collection] = {}
        self._providers: list[Callable[[], Iterable[Collection]]] = []

    def register(self, collection: Collection) -> Collection:
        if collection.id in self._collections:
            raise ValueError(f"A collection {collection.id!r} is already registered.")
        self._collections[collection.id] = collection
        return collection

    def register_provider(self, provider: Callable[[], Iterable[Collection]]) -> None:
        self._providers.append(provider)

    def unregister(self, collection_id: str) -> None:
        self._collections.pop(collection_id, None)

    def all(self) -> list[Collection]:
        """Every collection, provided ones (one query each provider) first, then registered ones."""
        found: dict[str, Collection] = {}
        for provider in self._providers:
            for collection in provider():
                found.setdefault(collection.id, collection)
        for collection in self._collections.values():
            found.setdefault(collection.id, collection)
        return list(found.values())

    def get(self, collection_id: str) -> Collection | None:
        if collection_id in self._collections:
            return self._collections[collection_id]
        return next((c for c in self.all() if c.id == collection_id), None)


collection_registry = CollectionRegistry()
