"""map_ui.numbers.distance: the near-me page's distances in the page's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from map_ui.numbers import NBSP, distance


@pytest.mark.parametrize(
    "metres, finnish, english",
    [
        (0, "0 m", "0 m"),
        (120.4, "120 m", "120 m"),
        (999.4, "999 m", "999 m"),  # inside the metres
        (999.5, "1 km", "1 km"),  # rounds to the limit: kilometres, never "1 000 m"
        (1000, "1 km", "1 km"),  # at the limit
        (1049, "1 km", "1 km"),
        (1050, "1,1 km", "1.1 km"),  # half up
        (1500, "1,5 km", "1.5 km"),
        (12345, "12,3 km", "12.3 km"),
    ],
)
def test_distance(metres, finnish, english):
    with translation.override("fi"):
        assert distance(metres) == finnish.replace(" ", NBSP)
    with translation.override("sv"):
        assert distance(metres) == finnish.replace(" ", NBSP)
    with translation.override("en"):
        assert distance(metres) == english.replace(" ", NBSP)
