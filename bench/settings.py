"""The service's settings plus the bench app (its feedback-like model and views).

Used only by the bench runner and the gunicorn it starts; DATABASE_URL then
names the bench's own database.
"""

from geo_osallisuus.settings import *  # noqa: F403
from geo_osallisuus.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# One connection per request thread is reused; the measured requests are the service's own.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
