"""gunicorn's settings for production: `gunicorn geo_osallisuus.wsgi:application`
run from the checkout reads this file by itself (or name it: `-c gunicorn.conf.py`).

Worker class, workers and threads come from the environment through
geo_osallisuus/serverconf.py (the one rule the load run uses too); the bind
address from gunicorn's own `--bind` or GUNICORN_CMD_ARGS.
"""

import gc
import os

from geo_osallisuus.serverconf import server_options

_options = server_options(environ=os.environ)
worker_class = _options["worker_class"]
workers = _options["workers"]
threads = _options["threads"]
# A request slower than this is a stuck worker: gunicorn restarts it.
timeout = 120
graceful_timeout = 10


def post_worker_init(worker):
    """Move what the worker loaded at start (Django's apps, models, settings: ~150 000
    objects) out of the garbage collector's sight: they live as long as the process, and
    each full collection walked them all again, about 0.07 ms per lookup on average,
    close to a tenth of its Python time (bench/RESULTS.md, 2026-12-05 lookupfast)."""
    gc.freeze()
