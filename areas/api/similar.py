"""The duplicate check's refusal as the API answers it (the same for feedback, proposals, initiatives)."""

from __future__ import annotations

from contextlib import contextmanager

from rest_framework import exceptions

from areas.selective_terms import PlaceNeeded


@contextmanager
def place_needed_as_400():
    """A text of common words only, checked across the city: 400, asking for a place (areas.selective_terms)."""
    try:
        yield
    except PlaceNeeded as exc:
        raise exceptions.ValidationError({"detail": exc.message}) from None
