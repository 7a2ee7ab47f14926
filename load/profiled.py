"""The production WSGI application under cProfile, for the load tool only
(`python -m load.profile`): each gunicorn worker profiles every request it
serves and writes its statistics to LOAD_PROFILE_DIR when it exits."""

from __future__ import annotations

import atexit
import cProfile
import os
from pathlib import Path

from geo_osallisuus.wsgi import application as _application

_profile = cProfile.Profile()
_out = Path(os.environ["LOAD_PROFILE_DIR"])


def application(environ, start_response):
    # The body is consumed inside the profile: Django builds it before returning.
    return _profile.runcall(_application, environ, start_response)


@atexit.register
def _dump() -> None:
    _profile.dump_stats(str(_out / f"worker-{os.getpid()}.prof"))
