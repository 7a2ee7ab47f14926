import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_osallisuus.settings")
application = get_wsgi_application()

# Production refuses to serve while the demo users (public passwords) exist.
from accounts.checks import refuse_demo_users_in_production  # noqa: E402

refuse_demo_users_in_production()
