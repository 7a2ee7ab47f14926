"""The service's settings plus the bench app (its feedback-like model and views).

Used only by the bench runner and the gunicorn it starts; DATABASE_URL then
names the bench's own database.
"""

import os

from geo_osallisuus.settings import *  # noqa: F403
from geo_osallisuus.settings import INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# One connection per request thread is reused; the measured requests are the service's own.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

# The measured server sends static files as production does: hashed, from a
# collectstatic'd STATIC_ROOT (bench.servers.static_collect) with whitenoise's
# .br and .gz copies, instead of the development finders' uncompressed originals.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "geo_osallisuus.staticfiles.ManifestStaticFilesStorage"}}
