"""A feedback-like located item: what the feedback app (issue 11) stores, reduced
to what the benchmarks need. A LocatedItem, so it gets the area index, the
shared filters and the service's GeoJSON list like cases and spaces."""

from django.contrib.gis.db import models

from areas.located import LocatedItem


class BenchPoint(LocatedItem):
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=30)
    created_at = models.DateTimeField()

    summary_key = "bench_points"
    summary_fields = ("category",)

    class Meta:
        ordering = ("id",)
