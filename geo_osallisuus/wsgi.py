import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_osallisuus.settings")
application = get_wsgi_application()

# Production refuses to serve while the demo users (public passwords) exist.
from accounts.checks import refuse_demo_users_in_production  # noqa: E402

refuse_demo_users_in_production()

# The check ran in this process's main thread. A threaded worker (gthread, the
# default) never answers a request in that thread, so the connection it took
# from the pool would stay checked out for the life of the process: one
# connection fewer for the request threads, none at all with a pool of one.
from django.db import connections  # noqa: E402

connections.close_all()
