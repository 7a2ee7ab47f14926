"""What the 100x target compares with 1x: one page of 1 000 cases in a bbox through
/api/v1/cases/ (in-process), the box sized to hold 1 000 cases at every scale;
the lookup's own figure comes from the lookup pair. The report divides."""

from __future__ import annotations

from django.test import Client

from ..measure import Result, timed
from .lists import bbox_for

FEATURES = 1_000
TARGET = 2.0  # at 100x <= 2x the 1x time


def run(ctx) -> list[Result]:
    box, count = bbox_for(FEATURES, "cases_case")
    bbox = ",".join(str(v) for v in box)
    client = Client()

    def api():
        response = client.get("/api/v1/cases/", {"bbox": bbox, "page_size": FEATURES})
        assert response.status_code == 200, response.content[:300]

    runs = ctx.runs(10)
    return [
        Result(
            pair="cases bbox page of 1000: API",
            scale=ctx.label,
            figures={"api": timed(api, repeat=runs)},
            notes=[f"{count} cases in bbox={bbox}, median of {runs}"],
        )
    ]
