"""Benchmarks: how fast the service answers, against raw PostGIS and the tools
planners would pick instead (issue 9). `python -m bench` (or `make bench`)
creates its own database, generates data at 1x, 10x and 100x Helsinki's real
volumes in PostGIS, runs every pair and writes var/bench/results.{md,json}.

Only the runner loads this package; it is not in the service's INSTALLED_APPS.
Its settings (bench.settings) add the `bench` app: a feedback-like located
model, the same LocatedViewSet the service's lists use, and the plain
djangorestframework-gis view a team would write first.
"""
