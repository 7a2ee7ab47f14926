"""Keyset (cursor) pages: the next page starts after the last row's ordering key.

A page-number page N costs an OFFSET over every earlier row and moves when rows
are added in front of it; a keyset page filters on "after (key, id)" and uses the
ordering's index, so a `next` link stays where it was while items are added.

The key is the list's ordering (its `order_by`, or the model's default, as
modeltranslation rewrites it) with the primary key appended as the tie breaker.
Each term becomes an annotation `keyset_<n>`, read back from the page's rows.
A cursor carries those values and the ordering's terms, signed, so that a
tampered or foreign cursor is a 400 rather than a silently wrong page.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.expressions import Col
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError

MSG_CURSOR_INVALID = _("Parameter cursor is not one this service gave: follow the next and previous links as they are.")
MSG_CURSOR_ORDERING = _("Parameter cursor belongs to another ordering: start again from the first page.")

_SALT = "geo_osallisuus.keyset"
FORWARD, BACKWARD = "n", "p"


@dataclass(frozen=True)
class Keyset:
    """The ordering of a list as (field path, descending) terms, the last one the primary key."""

    terms: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, queryset: QuerySet) -> Keyset | None:
        """The keyset of `queryset`'s ordering, or None when a term is not a plain field or annotation name."""
        query = queryset.query
        ordering = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
        terms: list[tuple[str, bool]] = []
        for item in ordering:
            if not isinstance(item, str) or item == "?":
                return None
            terms.append((item.lstrip("-"), item.startswith("-")))
        pk_names = {"pk", query.get_meta().pk.name, query.get_meta().pk.attname}
        if not any(name in pk_names for name, _descending in terms):
            terms.append(("pk", False))
        return cls(tuple(terms))

    @property
    def names(self) -> list[str]:
        return [f"keyset_{index}" for index in range(len(self.terms))]

    @property
    def label(self) -> list[str]:
        return [("-" if descending else "") + name for name, descending in self.terms]

    def annotate(self, queryset: QuerySet, *, direction: str) -> QuerySet:
        """`queryset` in this ordering (reversed for BACKWARD), with each term's value as `keyset_<n>`."""
        annotations = {}
        for alias, (name, _descending) in zip(self.names, self.terms, strict=True):
            field = self._resolved(queryset, name).output_field
            if isinstance(field, FloatField):
                # As double precision: a real (ts_rank's search_rank) read back as text would not
                # compare equal to itself; a distance (its values Distance objects) as metres.
                annotations[alias] = Cast(F(name), output_field=FloatField())
            else:
                annotations[alias] = ExpressionWrapper(F(name), output_field=field)
        reverse = direction == BACKWARD
        order = [("-" if descending != reverse else "") + alias for alias, (_n, descending) in zip(self.names, self.terms)]
        return queryset.annotate(**annotations).order_by(*order)

    @staticmethod
    def _resolved(queryset: QuerySet, name: str):
        return queryset.annotate(keyset_probe=F(name)).query.annotations["keyset_probe"]

    def nullable(self, queryset: QuerySet) -> list[bool]:
        """Whether each term may be NULL: a column says so; anything computed might be."""
        found = []
        for name, _descending in self.terms:
            resolved = self._resolved(queryset, name)
            found.append(not isinstance(resolved, Col) or resolved.target.null)
        return found

    def after(self, values: list, *, direction: str, nullable: list[bool]) -> Q:
        """Rows strictly after `values` in this ordering (before them for BACKWARD).

        PostgreSQL puts NULLs last ascending and first descending; reversing a
        term's direction reverses that too, so one rule serves both ways. A
        term that cannot be NULL (the id) gets no IS NULL branch, which would
        keep PostgreSQL from using its index.
        """
        condition = Q(pk__in=[])
        equal_so_far = Q()
        for alias, (_name, descending), value, may_be_null in zip(
            self.names, self.terms, values, nullable, strict=True
        ):
            descending = descending != (direction == BACKWARD)
            if value is None:
                # Nulls come first descending (non-null values follow them), last ascending (nothing follows).
                beyond = Q(**{f"{alias}__isnull": False}) if descending else Q(pk__in=[])
                same = Q(**{f"{alias}__isnull": True})
            else:
                beyond = Q(**{f"{alias}__lt" if descending else f"{alias}__gt": value})
                if not descending and may_be_null:
                    beyond |= Q(**{f"{alias}__isnull": True})
                same = Q(**{alias: value})
            condition |= equal_so_far & beyond
            equal_so_far &= same
        return condition

    def encode(self, values: tuple, *, direction: str) -> str:
        # Signed without a timestamp (signing.dumps adds one): the same page gives the same
        # links, so its body and ETag change only when its content does and a 304 still works.
        payload = {"o": self.label, "k": [_plain(value) for value in values], "d": direction}
        return signing.Signer(salt=_SALT).sign_object(payload, compress=True)

    def decode(self, cursor: str, queryset: QuerySet) -> tuple[list, str]:
        """The values and direction of a cursor this keyset gave; ParseError for anything else."""
        try:
            payload = _payload(cursor)
            label, raw, direction = payload["o"], payload["k"], payload["d"]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ParseError(MSG_CURSOR_INVALID) from None
        if label != self.label or direction not in (FORWARD, BACKWARD) or len(raw) != len(self.terms):
            raise ParseError(MSG_CURSOR_ORDERING)
        annotated = self.annotate(queryset, direction=FORWARD).query.annotations
        return [_typed(value, annotated[alias].output_field) for alias, value in zip(self.names, raw)], direction


def _payload(cursor: str):
    """The cursor's payload; links given before 2026-12-05 (with a timestamp) still work."""
    try:
        return signing.Signer(salt=_SALT).unsign_object(cursor)
    except (signing.BadSignature, ValueError):
        return signing.loads(cursor, salt=_SALT)


def _plain(value):
    """A key value as JSON can carry it (what `_typed` reads back)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _typed(value, field):
    if value is None:
        return None
    try:
        return field.to_python(value)
    except Exception:  # noqa: BLE001 - whatever the field refuses, the cursor was not ours
        raise ParseError(MSG_CURSOR_INVALID) from None
