"""Production refuses to start while the demo users exist (their passwords are in the README)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from .demo import DEMO_USERNAMES

DEMO_USERS_IN_PRODUCTION = "accounts.E001"


@register(deploy=False)
def demo_users_absent_in_production(app_configs=None, **kwargs) -> list[Error]:
    if settings.GEO_ENV != "production":
        return []
    from django.contrib.auth import get_user_model

    try:
        present = sorted(get_user_model().objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    except DatabaseError:
        # No database yet (before migrate): nothing can exist.
        return []
    if not present:
        return []
    return [
        Error(
            f"The demo users {', '.join(present)} exist; their passwords are public. Delete them before running "
            "in production (manage.py shell: User.objects.filter(username__startswith='demo.').delete()).",
            id=DEMO_USERS_IN_PRODUCTION,
        )
    ]


def refuse_demo_users_in_production() -> None:
    """The WSGI server runs no system checks: the same check, raised at start (geo_osallisuus.wsgi)."""
    errors = demo_users_absent_in_production()
    if errors:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(errors[0].msg)
