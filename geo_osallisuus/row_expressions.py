"""Per-row values of list queries as SQL expressions that need no GROUP BY.

A `Count("supports")` annotation groups the whole list by every selected
column; a page built as one statement (areas.api.located_sql) then cannot
select the joined tables' columns, and every row of the list is counted even
when a page shows a hundred. A correlated subquery counts only the rows the
page returns (or, ordered by the count, each row once, by its index).
"""

from __future__ import annotations

from django.db.models import BooleanField, Count, ExpressionWrapper, IntegerField, Model, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


def related_count(model: type[Model], *, to: str) -> Coalesce:
    """How many `model` rows point at the outer row through the foreign key `to` (0 when none)."""
    rows = model.objects.filter(**{to: OuterRef("pk")}).order_by().values(to).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def authored_by(user, *, field: str = "author") -> ExpressionWrapper | Value:
    """Whether the row's `field` is the signed-in `user`: false for everyone anonymous."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Value(False)
    return ExpressionWrapper(Q(**{f"{field}_id": user.pk}), output_field=BooleanField())
