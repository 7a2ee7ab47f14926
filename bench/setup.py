"""Start Django on the bench's own database (before any model is imported)."""

from __future__ import annotations

import os

from .database import database_recreate


def django_start(*, db_name: str) -> str:
    """Recreate `db_name`, point the settings at it, set Django up and migrate. Returns its URL."""
    url = database_recreate(name=db_name)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("GEO_ENV", "development")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return url
